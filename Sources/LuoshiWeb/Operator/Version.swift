// The version `luoshi version` and the API report.
public enum LuoshiVersion {
    public static let current = "0.1.0"
}
