// Foundation has a `Unit` (measurement) and FluentKit a `Page`; inside Luoshi these names mean the domain's.
import LuoshiDomain

public typealias Unit = LuoshiDomain.Unit
public typealias Page = LuoshiDomain.Page
