//! The acts the audit trail records, by name. A record's `action` column holds one of these
//! codes; nothing else is ever written there.

use std::fmt;

/// One kind of audited act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    FamilyRegister,
    MemberAdd,
    MemberChange,
    MemberRemove,
    CardIssue,
    CardRenew,
    CardReissue,
    CardSuspend,
    CardReinstate,
    CardRevoke,
    CardResign,
    CardPrint,
    FamilyLinkCreate,
    FamilyLinkReplace,
    FamilyLinkRevoke,
    AccountCreate,
    AccountDisable,
    AccountEnable,
    TokenCreate,
    TokenRevoke,
    LoginSuccess,
    LoginFailure,
    Logout,
    KeyRotate,
    KeyWithdraw,
    PartnerRegister,
    PartnerChange,
    PartnerPublish,
    PartnerWithdraw,
    PartnerDelete,
    LocationAdd,
    LocationChange,
    LocationRemove,
    OfferAdd,
    OfferChange,
    OfferWithdraw,
    OfferPropose,
    OfferApprove,
    OfferReject,
    ApplicationSubmit,
    ApplicationAccept,
    ApplicationReject,
    TillCreate,
    TillRevoke,
    RegisterImport,
    FamilyExport,
    FamilyErase,
    RetentionRun,
}

impl AuditAction {
    pub const ALL: [AuditAction; 48] = [
        AuditAction::FamilyRegister,
        AuditAction::MemberAdd,
        AuditAction::MemberChange,
        AuditAction::MemberRemove,
        AuditAction::CardIssue,
        AuditAction::CardRenew,
        AuditAction::CardReissue,
        AuditAction::CardSuspend,
        AuditAction::CardReinstate,
        AuditAction::CardRevoke,
        AuditAction::CardResign,
        AuditAction::CardPrint,
        AuditAction::FamilyLinkCreate,
        AuditAction::FamilyLinkReplace,
        AuditAction::FamilyLinkRevoke,
        AuditAction::AccountCreate,
        AuditAction::AccountDisable,
        AuditAction::AccountEnable,
        AuditAction::TokenCreate,
        AuditAction::TokenRevoke,
        AuditAction::LoginSuccess,
        AuditAction::LoginFailure,
        AuditAction::Logout,
        AuditAction::KeyRotate,
        AuditAction::KeyWithdraw,
        AuditAction::PartnerRegister,
        AuditAction::PartnerChange,
        AuditAction::PartnerPublish,
        AuditAction::PartnerWithdraw,
        AuditAction::PartnerDelete,
        AuditAction::LocationAdd,
        AuditAction::LocationChange,
        AuditAction::LocationRemove,
        AuditAction::OfferAdd,
        AuditAction::OfferChange,
        AuditAction::OfferWithdraw,
        AuditAction::OfferPropose,
        AuditAction::OfferApprove,
        AuditAction::OfferReject,
        AuditAction::ApplicationSubmit,
        AuditAction::ApplicationAccept,
        AuditAction::ApplicationReject,
        AuditAction::TillCreate,
        AuditAction::TillRevoke,
        AuditAction::RegisterImport,
        AuditAction::FamilyExport,
        AuditAction::FamilyErase,
        AuditAction::RetentionRun,
    ];

    /// The code stored in the trail, e.g. `card.revoke`.
    pub fn code(self) -> &'static str {
        use AuditAction::*;
        match self {
            FamilyRegister => "family.register",
            MemberAdd => "member.add",
            MemberChange => "member.change",
            MemberRemove => "member.remove",
            CardIssue => "card.issue",
            CardRenew => "card.renew",
            CardReissue => "card.reissue",
            CardSuspend => "card.suspend",
            CardReinstate => "card.reinstate",
            CardRevoke => "card.revoke",
            CardResign => "card.resign",
            CardPrint => "card.print",
            FamilyLinkCreate => "family_link.create",
            FamilyLinkReplace => "family_link.replace",
            FamilyLinkRevoke => "family_link.revoke",
            AccountCreate => "account.create",
            AccountDisable => "account.disable",
            AccountEnable => "account.enable",
            TokenCreate => "token.create",
            TokenRevoke => "token.revoke",
            LoginSuccess => "login.success",
            LoginFailure => "login.failure",
            Logout => "logout",
            KeyRotate => "key.rotate",
            KeyWithdraw => "key.withdraw",
            PartnerRegister => "partner.register",
            PartnerChange => "partner.change",
            PartnerPublish => "partner.publish",
            PartnerWithdraw => "partner.withdraw",
            PartnerDelete => "partner.delete",
            LocationAdd => "location.add",
            LocationChange => "location.change",
            LocationRemove => "location.remove",
            OfferAdd => "offer.add",
            OfferChange => "offer.change",
            OfferWithdraw => "offer.withdraw",
            OfferPropose => "offer.propose",
            OfferApprove => "offer.approve",
            OfferReject => "offer.reject",
            ApplicationSubmit => "application.submit",
            ApplicationAccept => "application.accept",
            ApplicationReject => "application.reject",
            TillCreate => "till.create",
            TillRevoke => "till.revoke",
            RegisterImport => "register.import",
            FamilyExport => "family.export",
            FamilyErase => "family.erase",
            RetentionRun => "retention.run",
        }
    }

    pub fn parse(text: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == text)
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn every_action_has_its_own_code_and_reads_back_from_it() {
        let mut codes: Vec<_> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.code()), Some(a));
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        assert_eq!(AuditAction::parse("card.delete"), None);
    }
}
