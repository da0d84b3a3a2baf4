// The home page: each role's dashboard (DashboardPages), its figures loaded in one place.
import LuoshiDomain
import Vapor

enum HomeController {
    static func show(_ request: Request) async throws -> Response {
        let caller = try request.requireCaller()
        let model = try await DashboardPages.Model.load(caller: caller, store: request.store, today: request.clock.today())
        return HTMLResponse.make(DashboardPages.render(model, context: PageContext(request), caller: caller))
    }
}
