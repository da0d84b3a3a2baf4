import LuoshiDomain

typealias Unit = LuoshiDomain.Unit
typealias Page = LuoshiDomain.Page
