// Who may read and change what: the access policy for every role, inside and outside the scope.
import Foundation
import Testing
@testable import LuoshiDomain

@Suite struct AccessPolicyTests {
    let ownUnit = "/root/fgj/"
    let subUnit = "/root/fgj/office/"
    let otherUnit = "/root/czj/"

    func caller(_ role: Role) -> Caller {
        Caller(accountID: UUID(), displayName: "x", role: role, scopeUnitID: UUID(), scopePath: ownUnit, language: nil, personID: nil)
    }

    @Test(arguments: [Role.admin, .supervisor, .leader, .auditor])
    func organisationWideRolesReadEveryonesPeople(role: Role) throws {
        try caller(role).requireReadPeople(inUnitPath: otherUnit)
        #expect(caller(role).peopleScopePath == nil)
    }

    @Test(arguments: [Role.unitHead, .staff])
    func unitRolesReadOnlyTheirOwnSubtree(role: Role) throws {
        try caller(role).requireReadPeople(inUnitPath: ownUnit)
        try caller(role).requireReadPeople(inUnitPath: subUnit)
        #expect(throws: RuleViolation(.outsideScope)) { try caller(role).requireReadPeople(inUnitPath: otherUnit) }
        #expect(caller(role).peopleScopePath == ownUnit)
    }

    @Test func onlyAdminsAndUnitHeadsChangePeople() throws {
        try caller(.admin).requireWritePeople(inUnitPath: otherUnit)
        try caller(.unitHead).requireWritePeople(inUnitPath: subUnit)
        #expect(throws: RuleViolation(.outsideScope)) { try caller(.unitHead).requireWritePeople(inUnitPath: otherUnit) }
        for role in [Role.supervisor, .leader, .staff, .auditor] {
            #expect(throws: RuleViolation(.roleNotAllowed)) { try caller(role).requireWritePeople(inUnitPath: ownUnit) }
        }
    }

    @Test func unitsAndAccountsAreAdministrators() throws {
        try caller(.admin).requireManageUnits()
        try caller(.admin).requireManageAccounts()
        for role in Role.allCases where role != .admin {
            #expect(throws: RuleViolation(.roleNotAllowed)) { try caller(role).requireManageUnits() }
            #expect(throws: RuleViolation(.roleNotAllowed)) { try caller(role).requireManageAccounts() }
        }
    }

    @Test func auditTrailReaders() {
        let readers = Role.allCases.filter { (try? caller($0).requireReadAudit()) != nil }
        #expect(Set(readers) == [.admin, .supervisor, .auditor])
        let accountReaders = Role.allCases.filter { (try? caller($0).requireReadAccounts()) != nil }
        #expect(Set(accountReaders) == [.admin, .auditor])
    }

    @Test func throttleDelaysAnAccountAndLimitsAnAddress() throws {
        let throttle = SignInThrottle(perAccountLimit: 5, perAddressLimit: 20, window: 900, firstDelay: 30)
        let now = Date(timeIntervalSince1970: 10_000)
        let justNow = now.addingTimeInterval(-1)
        try throttle.check(.init(account: 4, lastAccountFailure: justNow, address: 19), now: now)
        // At the limit: 30 s after the last failure, not the whole window.
        #expect(throws: RuleViolation(.signInThrottledAccount, limit: 29)) {
            try throttle.check(.init(account: 5, lastAccountFailure: justNow, address: 0), now: now)
        }
        try throttle.check(.init(account: 5, lastAccountFailure: now.addingTimeInterval(-30), address: 0), now: now)
        // Each further failure doubles the delay, up to the window.
        #expect(throttle.accountWait(.init(account: 7, lastAccountFailure: now, address: 0), now: now) == 120)
        #expect(throttle.accountWait(.init(account: 40, lastAccountFailure: now, address: 0), now: now) == 900)
        #expect(throws: RuleViolation(.signInThrottledAddress, limit: 15)) {
            try throttle.check(.init(account: 0, lastAccountFailure: nil, address: 20), now: now)
        }
        #expect(throttle.windowStart(now: now) == Date(timeIntervalSince1970: 9_100))
    }

    @Test func secretsHashAndCompare() {
        let token = SecretToken.generate(prefix: "lsk_")
        #expect(token.hasPrefix("lsk_") && token.count > 40)
        #expect(SecretToken.generate(prefix: "") != SecretToken.generate(prefix: ""))
        #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecretToken.equal("same", "same"))
        #expect(!SecretToken.equal("same", "diff"))
        #expect(!SecretToken.equal("same", "same-but-longer"))
    }
}
