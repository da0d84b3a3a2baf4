// The API's account settings and personal tokens: what the settings and accounts pages do.
import Foundation
import LuoshiAPI
import LuoshiDomain
import LuoshiStorage
import LuoshiUseCases
import Vapor

extension APIHandler {
    func updateAccount(_ input: Operations.UpdateAccount.Input) async throws -> Operations.UpdateAccount.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        try caller.requireManageAccounts()
        try APIMapping.requireSomeProperty(body)
        let id = try APIMapping.pathID(input.path.accountId)
        let account = try await LuoshiUseCases.updateAccount(id: id, disabled: body.disabled, readsEverything: body.readsEverything,
                                                             context: request.context(caller))
        return .ok(.init(body: .json(APIMapping.account(account))))
    }

    func listTokens(_ input: Operations.ListTokens.Input) async throws -> Operations.ListTokens.Output {
        let (request, caller) = try current()
        let tokens = try await request.store.apiTokens(accountID: caller.accountID)
        return .ok(.init(body: .json(tokens.map(Self.token))))
    }

    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        let (request, caller) = try current()
        guard case .json(let body) = input.body else { throw RuleViolation(.malformedRequest) }
        let secret = try await createAPIToken(name: body.name, accountID: caller.accountID, context: request.context(caller))
        guard let info = try await request.store.apiTokens(accountID: caller.accountID).first(where: { secret.hasPrefix($0.prefix) })
        else { throw Abort(.internalServerError) }
        return .created(.init(body: .json(.init(id: APIMapping.id(info.id), name: info.name, prefix: info.prefix, token: secret))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let (request, caller) = try current()
        try await revokeAPIToken(id: try APIMapping.pathID(input.path.tokenId), context: request.context(caller))
        return .noContent(.init())
    }

    static func token(_ info: APITokenInfo) -> Components.Schemas.APIToken {
        .init(id: APIMapping.id(info.id), name: info.name, prefix: info.prefix, createdAt: info.createdAt, revoked: info.revokedAt != nil)
    }
}
