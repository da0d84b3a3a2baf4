// The numbered migrations, in order. Never edit a shipped one: add the next number.
import FluentKit

public enum LuoshiMigrations {
    public static var all: [any Migration] {
        [M001_CreateOrganisation(), M002_CreateAccounts(), M003_CreateAuditTrail(), M004_CreateResponsibility(),
         M005_AnchorAuditHead(), M006_DirectoryVersion(), M007_RegisterIndexes(),
         M008_LeaderScope(), M009_DirectoryOrderIndexes(), M010_Decisions(), M011_Supervision(), M012_InspectionsBulletins(), M013_Incentives()]
    }
}
