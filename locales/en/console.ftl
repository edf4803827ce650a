# The clerk console and the start page.
index-intro = One discount card for every member of a family with three or more children, valid at partner shops in Alytus, Varėna and Ełk.
index-check = Check a card
index-check-hint = for shops: scan or type the code on a card
index-console = Clerk console
index-console-hint = for municipal staff
console-nav = Console
console-families = Families
console-register = Register a family
console-audit = Audit trail
console-accounts = Accounts
console-logout = Sign out
console-welcome-other = You are signed in. Use the menu above.
account-role-clerk = clerk
account-role-supervisor = supervisor
account-role-admin = administrator
account-role-partner = partner
login-title = Sign in to the console
login-username = Username
login-password = Password
login-submit = Sign in
login-failed = The username or password is wrong.
login-expired = The sign-in form had expired. Please try again.
login-locked = Too many failed attempts. Wait a few minutes and try again.
search-label = Find a family
search-hint = A card number, a member's name or the case reference
search-submit = Search
search-found = { $category ->
    [one] { $count } family found
   *[other] { $count } families found
}
family-number = Family
family-reference = Case reference
family-registered = Registered
family-title = Family
family-eligibility = Eligibility
family-qualifies = Qualifies
family-qualifies-until = until { $date }
family-does-not-qualify = Does not qualify
qualifying-children = { $category ->
    [one] { $count } qualifying child
   *[other] { $count } qualifying children
}
card-until = card until { $date }
issue-cards = Issue cards
issued-count = { $category ->
    [one] { $count } card issued
   *[other] { $count } cards issued
}
register-title = Register a family
register-problems = { $category ->
    [one] { $count } field needs correcting. It is marked below.
   *[other] { $count } fields need correcting. They are marked below.
}
register-reenter-ids = For privacy, national ID numbers are not shown again: enter them once more.
register-municipality = Municipality
register-reference-hint = Your case or file number, to find the family again (optional)
register-rows-hint = Fill in one block per family member; leave unused blocks empty.
register-member = Member { $number }
register-submit = Register the family
register-more-rows = More members
member-name = Full name
member-role = Role
member-birth-date = Date of birth
member-national-id = National ID number (asmens kodas or PESEL)
member-education-until = In education until (optional)
member-disability-until = Disability certificate until (optional)
field-impossible_date = This day does not exist.
field-date_format = Enter a date as YYYY-MM-DD.
field-unknown_municipality = Unknown municipality.
field-invalid_name = Enter a name of 1 to 64 letters.
field-unknown_role = Choose parent or child.
field-not_11_digits = A national ID number has exactly 11 digits.
field-wrong_check_digit = The check digit is wrong: check the number for a typing mistake.
field-wrong_first_digit = The first digit does not match a century and sex.
field-impossible_birth_date = The date of birth in this number does not exist.
field-birth_date_mismatch = This number belongs to another date of birth.
field-member_count = A family has 1 to 40 members: fill in at least one.
field-too_long = This is too long.
field-outside_scope = You may register families only in your own municipality.
field-invalid = This value is not valid.
field-invalid_reason = Give a reason (1 to 500 characters).
field-secret_too_short = This number cannot be checked now.
field-randomness_unavailable = This number cannot be checked now.
conflict-already_holds_card = One of these people already holds a card.
conflict-conflict = This person is already registered.
conflict-invalid_transition = The card is not in a state that allows this.
conflict-expired = The card has expired: issue a new one instead.
conflict-not_eligible = The holder no longer qualifies.
conflict-changed_meanwhile = Someone else changed this card meanwhile. Reload and try again.
conflict-card_number = No more card numbers are left for this person.
conflict-family_numbers_exhausted = No family numbers are left in this municipality.
conflict-status_list_full = The revocation list is full.
conflict-no_signing_key = There is no signing key: ask an administrator.
eligibility-child_under_18 = child under 18
eligibility-child_in_education = child in education
eligibility-child_school_leaver = school leaver, until the end of the school year
eligibility-child_disability_certificate = child with a disability certificate
eligibility-child_family_not_qualifying = the family does not qualify
eligibility-child_too_old = too old to count as a child
eligibility-child_education_ended = education has ended
eligibility-child_education_past_age_limit = past the age limit for education
eligibility-disability_certificate_expired = the disability certificate has expired
eligibility-not_born_yet = the date of birth is in the future
eligibility-parent_of_qualifying_family = parent of a qualifying family
eligibility-parent_family_not_qualifying = the family does not qualify
eligibility-family_no_children = the family has no qualifying children
eligibility-family_too_few_children = fewer than three qualifying children
card-title = Card
card-status = Status
card-status-active = valid
card-status-suspended = suspended
card-status-revoked = revoked
card-status-expired = expired
card-qr-alt = The card's QR code
card-print = Print the card
card-back-to-family = Back to the family
card-acts = Change the card
card-reason = Reason
card-act-renew = Renew
card-act-reissue = Reissue (lost or damaged)
card-act-suspend = Suspend
card-act-revoke = Revoke
card-act-reinstate = Reinstate
card-done-renew = The card was renewed.
card-done-reissue = A new card was issued; the old one is revoked.
card-done-suspend = The card is suspended.
card-done-revoke = The card is revoked.
card-done-reinstate = The card is valid again.
card-history = History
history-when = When
history-what = What
history-who = Who
event-issue = issued
event-renew = renewed
event-reissue = reissued
event-revoke = revoked
event-suspend = suspended
event-reinstate = reinstated
event-resign = signed again
print-hint = Print this page at 100 % scale on a card printer or on A4 and cut along the edge.
print-back = Back to the card
audit-family = Family
audit-card = Card
audit-actor = Account or token id
audit-from = From
audit-until = Until
audit-filter = Show
audit-csv = Download as CSV
audit-subject = Record
audit-pages = Pages
audit-newer = Newer
audit-older = Older
audit-count = { $category ->
    [one] { $count } record
   *[other] { $count } records
}
accounts-role = Role
accounts-enabled = active
accounts-disabled = disabled
accounts-enable = Enable
accounts-disable = Disable
accounts-new = New account
accounts-create = Create the account
accounts-password-hint = At least 12 characters. Leave empty to generate one.
accounts-password-once = The generated password, shown only now: hand it over in person.
tokens-title = API tokens
tokens-label = Label
tokens-expires = Expires
tokens-revoked = revoked
tokens-revoke = Revoke
tokens-new = New API token
tokens-days = Valid for (days, 1–730)
tokens-create = Create the token
tokens-token-once = The new token, shown only now: put it into the till's settings.
field-out_of_range = This number is out of range.
field-too_short = A password has at least 12 characters.
field-conflict_own_account = You cannot disable your own account.
field-conflict_conflict = This name is already taken.

# Cards to reprint (after re-signing)
console-reprint = To reprint
reprint-title = Cards to reprint
reprint-intro = These cards were printed on paper and signed again since (renewed, or moved to a new key). The printed copy no longer verifies: print each card again from its page and hand it over. Printing a card takes it off this list.
reprint-count = { $category ->
    [one] { $count } card to reprint
   *[other] { $count } cards to reprint
}
reprint-number = Card number
reprint-since = Stale since
