//! Who acts: an account signed in to the console, an API token, or the command line. Every act
//! takes an [`Actor`] and checks its permission and scope itself, so no adapter can forget to.

use kartu_card::Municipality;

use crate::app::audit::Who;
use crate::app::error::Error;
use crate::domain::access::{AccountRole, Permission, Scope};
use crate::store::account::{Account, AccountId};
use crate::store::api_token::{ApiToken, TokenId};
use crate::store::partner::PartnerId;

/// How the actor proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A console session; the CSRF token is what its forms must send back.
    Session {
        account: AccountId,
        csrf: String,
    },
    Token(TokenId),
    /// Someone with the keys and the database on the server itself (`kartu admin …`).
    CommandLine,
}

/// The name the audit trail records for acts at the command line, followed by ` (user)` when
/// the operating-system user is known.
pub const COMMAND_LINE: &str = "command line";

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The username, `token:<label>` or `command line`: the name the audit trail shows.
    pub name: String,
    pub role: AccountRole,
    /// The municipality of the account or token; the command line has none.
    pub home: Option<Municipality>,
    pub credential: Credential,
    /// The partner a partner account acts for.
    pub partner: Option<PartnerId>,
}

impl Actor {
    /// An account, signed in with a console session whose forms carry `csrf`.
    pub fn of_account(account: &Account, csrf: String) -> Actor {
        Actor {
            name: account.username.clone(),
            role: account.role,
            home: Some(account.municipality),
            credential: Credential::Session {
                account: account.id.clone(),
                csrf,
            },
            partner: account.partner_id.clone(),
        }
    }

    pub fn of_token(token: &ApiToken) -> Actor {
        Actor {
            name: format!("token:{}", token.label),
            role: token.role,
            home: Some(token.municipality),
            credential: Credential::Token(token.id.clone()),
            partner: None,
        }
    }

    /// The operator at the server's command line: an admin over every municipality.
    pub fn command_line() -> Actor {
        Actor {
            name: COMMAND_LINE.into(),
            role: AccountRole::Admin,
            home: None,
            credential: Credential::CommandLine,
            partner: None,
        }
    }

    /// The command line, naming the operating-system user who ran it.
    pub fn command_line_user(user: &str) -> Actor {
        Actor {
            name: format!("{COMMAND_LINE} ({user})"),
            ..Actor::command_line()
        }
    }

    /// The command line acting as a supervisor of one municipality (`kartu import`), so that
    /// the act stays inside it as a supervisor's would.
    pub fn command_line_in(municipality: Municipality, user: &str) -> Actor {
        Actor {
            name: format!("{COMMAND_LINE} ({user})"),
            role: AccountRole::Supervisor,
            home: Some(municipality),
            ..Actor::command_line()
        }
    }

    /// The account or token id the audit trail records; none for the command line.
    pub fn id(&self) -> Option<&str> {
        match &self.credential {
            Credential::Session { account, .. } => Some(&account.0),
            Credential::Token(token) => Some(&token.0),
            Credential::CommandLine => None,
        }
    }

    /// The account behind a console session, if that is how the actor signed in.
    pub fn account(&self) -> Option<&AccountId> {
        match &self.credential {
            Credential::Session { account, .. } => Some(account),
            _ => None,
        }
    }

    /// The CSRF token of the actor's console session.
    pub fn csrf(&self) -> Option<&str> {
        match &self.credential {
            Credential::Session { csrf, .. } => Some(csrf),
            _ => None,
        }
    }

    /// This actor, as the audit trail records them.
    pub fn who(&self) -> Who<'_> {
        Who {
            id: self.id(),
            name: &self.name,
        }
    }

    pub fn may(&self, permission: Permission) -> bool {
        self.role.may(permission)
    }

    /// Forbidden unless the role allows `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), Error> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(Error::Forbidden(permission.verb()))
        }
    }

    /// The municipalities whose records this actor sees.
    pub fn scope(&self) -> Scope {
        match self.home {
            Some(home) => Scope::of(self.role, home),
            None => Scope::All,
        }
    }
}

/// One act: who does it, and when. Everything an act writes carries both.
#[derive(Debug, Clone, Copy)]
pub struct Act<'a> {
    pub actor: &'a Actor,
    pub now: i64,
}

impl<'a> Act<'a> {
    pub fn new(actor: &'a Actor, now: i64) -> Act<'a> {
        Act { actor, now }
    }

    /// The time of the act as stored.
    pub fn at(&self) -> time::PrimitiveDateTime {
        crate::store::from_unix(self.now)
    }

    /// Writes the act's audit record.
    pub fn record(
        &self,
        conn: &mut crate::store::DbConnection,
        entry: crate::app::audit::Entry,
    ) -> Result<(), Error> {
        crate::app::audit::record(conn, self.actor.who(), self.now, entry)
    }
}
