// Foundation has a `Unit` (measurement), FluentKit a `Page` and Plot a `Language`; in Luoshi these names mean the domain's.
import LuoshiDomain

typealias Unit = LuoshiDomain.Unit
typealias Page = LuoshiDomain.Page
typealias Language = LuoshiDomain.Language
