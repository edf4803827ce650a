//! Who may do what, and where: account roles, the permissions they carry, and the scope of
//! municipalities a caller sees.
//!
//! Scope is not a permission: another municipality's record is "not found" to a caller whose
//! scope does not include it, so nothing leaks about what exists.

use std::fmt;

use kartu_card::Municipality;

/// The role of an account or API token, from least to most administrative. (A card holder's
/// role, parent or child, is `kartu_card::Role`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountRole {
    /// Registers families and issues, renews and reissues cards in their own municipality.
    Clerk,
    /// A clerk who may also revoke, suspend and reinstate cards and read the audit trail.
    Supervisor,
    /// Manages accounts, tokens and keys; does not handle families.
    Admin,
    /// A partner's own account: proposes changes to its offers and signs the checker in as
    /// that partner. Bound to one partner; sees no family, card or other partner.
    Partner,
}

impl AccountRole {
    pub const ALL: [AccountRole; 4] = [
        AccountRole::Clerk,
        AccountRole::Supervisor,
        AccountRole::Admin,
        AccountRole::Partner,
    ];

    pub fn parse(text: &str) -> Option<AccountRole> {
        AccountRole::ALL.into_iter().find(|r| r.code() == text)
    }

    pub fn code(self) -> &'static str {
        match self {
            AccountRole::Clerk => "clerk",
            AccountRole::Supervisor => "supervisor",
            AccountRole::Admin => "admin",
            AccountRole::Partner => "partner",
        }
    }

    pub fn may(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            AccountRole::Clerk => matches!(permission, HandleFamilies | ManagePartners),
            AccountRole::Supervisor => matches!(
                permission,
                HandleFamilies
                    | ChangeCardState
                    | ReadAudit
                    | ManagePartners
                    | PublishPartners
                    | ReadUsage
                    | ImportRegister
                    | ExportFamilyData
            ),
            AccountRole::Admin => matches!(
                permission,
                ManageAccounts | ReadAudit | ReadUsage | EraseExpiredData
            ),
            AccountRole::Partner => matches!(permission, ProposeOffers | RecordUses),
        }
    }
}

impl fmt::Display for AccountRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What an act needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Register and change families and members; issue, renew and reissue cards.
    HandleFamilies,
    /// Revoke, suspend and reinstate cards.
    ChangeCardState,
    ReadAudit,
    /// Accounts and API tokens.
    ManageAccounts,
    /// Register and change partners, their locations and offers; decide applications to join
    /// and partners' proposals; make till links.
    ManagePartners,
    /// Publish, withdraw and delete partners.
    PublishPartners,
    /// Read the statistics of the card's uses.
    ReadUsage,
    /// Propose changes to one's own partner's offers (partner accounts).
    ProposeOffers,
    /// Use the checker as one's partner and record the uses of the card.
    RecordUses,
    /// Load a register file of families into one's own municipality.
    ImportRegister,
    /// Download everything held about a family (GDPR Art. 15).
    ExportFamilyData,
    /// Erase the families the retention rule has expired (`kartu retention`, an admin's).
    EraseExpiredData,
}

impl Permission {
    /// What the permission allows, as the end of "your role may not …".
    pub fn verb(self) -> &'static str {
        match self {
            Permission::HandleFamilies => "handle families and cards",
            Permission::ChangeCardState => "revoke, suspend or reinstate cards",
            Permission::ReadAudit => "read the audit trail",
            Permission::ManageAccounts => "manage accounts and tokens",
            Permission::ManagePartners => "manage partners",
            Permission::PublishPartners => "publish, withdraw or delete partners",
            Permission::ReadUsage => "read the statistics of uses",
            Permission::ProposeOffers => "propose a partner's offers",
            Permission::RecordUses => "record uses for a partner",
            Permission::ImportRegister => "import a register of families",
            Permission::ExportFamilyData => "export a family's data",
            Permission::EraseExpiredData => "erase expired families",
        }
    }
}

/// The municipalities whose families, cards and audit records a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A clerk's or supervisor's own municipality.
    One(Municipality),
    /// Every municipality: admins (for the audit trail and accounts) and the command line.
    All,
}

impl Scope {
    /// The scope of a caller with `role` whose account belongs to `home`.
    pub fn of(role: AccountRole, home: Municipality) -> Scope {
        match role {
            AccountRole::Admin => Scope::All,
            AccountRole::Clerk | AccountRole::Supervisor | AccountRole::Partner => Scope::One(home),
        }
    }

    pub fn includes(self, municipality: Municipality) -> bool {
        match self {
            Scope::One(m) => m == municipality,
            Scope::All => true,
        }
    }

    /// The municipality codes of the scope, for a query's `IN (…)`.
    pub fn codes(self) -> Vec<&'static str> {
        match self {
            Scope::One(m) => vec![m.code()],
            Scope::All => Municipality::ALL.iter().map(|m| m.code()).collect(),
        }
    }

    /// Whether records that belong to no municipality (failed logins under unknown names) are
    /// in scope: only for a scope over every municipality.
    pub fn includes_unattributed(self) -> bool {
        self == Scope::All
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_what_the_issues_say_and_nothing_more() {
        use Permission::*;
        let all = [
            HandleFamilies,
            ChangeCardState,
            ReadAudit,
            ManageAccounts,
            ManagePartners,
            PublishPartners,
            ReadUsage,
            ProposeOffers,
            RecordUses,
            ExportFamilyData,
            EraseExpiredData,
        ];
        let table = [
            (AccountRole::Clerk, [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
            (AccountRole::Supervisor, [1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0]),
            (AccountRole::Admin, [0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1]),
            (AccountRole::Partner, [0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]),
        ];
        for (role, expected) in table {
            let got = all.map(|p| u8::from(role.may(p)));
            assert_eq!(got, expected, "{role:?}");
        }
    }

    #[test]
    fn a_role_reads_back_from_its_code_and_nothing_else_is_a_role() {
        for role in AccountRole::ALL {
            assert_eq!(AccountRole::parse(role.code()), Some(role));
        }
        assert_eq!(AccountRole::parse("Admin"), None);
        assert_eq!(AccountRole::parse("merchant"), None);
    }

    #[test]
    fn a_clerk_sees_their_own_municipality_and_an_admin_sees_all() {
        let clerk = Scope::of(AccountRole::Clerk, Municipality::Elk);
        assert!(clerk.includes(Municipality::Elk));
        assert!(!clerk.includes(Municipality::Aly));
        assert_eq!(clerk.codes(), ["ELK"]);
        assert!(!clerk.includes_unattributed());
        let admin = Scope::of(AccountRole::Admin, Municipality::Elk);
        assert_eq!(admin.codes(), ["ALY", "VAR", "ELK"]);
        assert!(admin.includes_unattributed());
    }
}
