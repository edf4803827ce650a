# English. Keys must exist in lt.ftl and pl.ftl too (a test checks).
programme = Large family card
outcome-valid = VALID
outcome-invalid = NOT VALID
outcome-cannot_confirm = CANNOT CONFIRM

reason-valid = Valid card
reason-not_a_card = This is not a large family card
reason-unsupported_version = Card format version not supported: update the checker
reason-malformed = Damaged or incomplete card code
reason-unknown_key = Signed by an unknown key: the card cannot be trusted
reason-key_not_allowed = Signed by a key that may not issue this card
reason-bad_signature = Forged or altered card
reason-not_yet_valid = The card is not valid yet
reason-expired = The card has expired
reason-revoked = The card has been revoked
reason-suspended = The card is suspended
reason-key_set_stale = Cannot confirm: the key list is out of date. Connect to update it
reason-status_list_stale = Cannot confirm: the revocation list is out of date. Connect to update it
reason-status_unknown = Cannot confirm: the card is missing from the revocation list. Connect to update it

role-parent = parent
role-child = child
municipality-ALY = Alytus city
municipality-VAR = Varėna district
municipality-ELK = Ełk city

label-card-number = Card number
label-holder = Holder
label-role = Role
label-municipality = Municipality
label-valid-from = Valid from
label-valid-until = Valid until
label-key-set = Key list
label-status-list = Revocation list
label-untrusted = The details below are not confirmed by a valid signature
list-age = issued { $issued }, age { $age }
list-stale = out of date
list-not-checked = not checked
clock-behind = Warning: this device's clock is earlier than the lists' issue time. Check the date and time.
unit-day = d
unit-hour = h
unit-minute = min

app-name = Kartu
app-tagline = Large-family card of Alytus, Varėna and Ełk
programme-name = Large-family card
skip-to-content = Skip to content
language = Language
back-home = Back to the start
count-cards = { $category ->
    [one] { $count } card
   *[other] { $count } cards
}
count-members = { $category ->
    [one] { $count } member
   *[other] { $count } members
}
error-not-found-title = Not found
error-not-found = There is nothing here, or you may not see it.
error-unauthorized-title = Please sign in
error-unauthorized = Your session has ended. Sign in again.
error-forbidden-title = Not allowed
error-forbidden = You may not do this. If the form was open for a long time, reload it and try again.
error-too-many-title = Too many attempts
error-too-many = Too many attempts. Wait a few minutes and try again.
error-too-large-title = Too much data
error-too-large = The form sent too much data.
error-bad-request-title = Cannot do this
error-bad-request = The request could not be carried out. Check what you entered and try again.
error-control-title = Invisible characters
error-control = A field holds invisible control characters (such as U+0000), which cannot be stored. Go back, remove the invisible control characters and send it again.
error-internal-title = Something went wrong
error-internal = Something went wrong on our side. Nothing was changed. Try again later.

# Partners: the categories and the problems of a partner's fields, shared by the
# catalogue's application form and the console.
category-clothing = Clothing and shoes
category-culture = Culture
category-education = Education
category-food = Food and drink
category-health = Health
category-leisure = Leisure
category-other = Other
category-services = Services
category-sport = Sport
category-transport = Transport
field-control_character = Remove the invisible control characters.
field-email = Enter an e-mail address such as info@example.lt.
field-legal_id_check_digit = The check digit does not match: check the number for a typing mistake.
field-legal_id_shape = A Lithuanian company code has 9 digits, a Polish NIP 10 digits.
field-partner_exists = This business is already a partner of the programme.
field-phone = Use digits, spaces, +, - and brackets only.
field-required = Fill this in.
field-unknown_category = Choose a category from the list.
field-website = Enter an address that starts with https://.
