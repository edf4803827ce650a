# Lietuvių kalba.
programme = Gausios šeimos kortelė
outcome-valid = GALIOJA
outcome-invalid = NEGALIOJA
outcome-cannot_confirm = NEPAVYKO PATVIRTINTI

reason-valid = Kortelė galioja
reason-not_a_card = Tai ne gausios šeimos kortelė
reason-unsupported_version = Nepalaikoma kortelės formato versija: atnaujinkite tikrinimo programą
reason-malformed = Pažeistas arba neišsamus kortelės kodas
reason-unknown_key = Pasirašyta nežinomu raktu: kortele pasitikėti negalima
reason-key_not_allowed = Pasirašyta raktu, kuris negali išduoti šios kortelės
reason-bad_signature = Suklastota arba pakeista kortelė
reason-not_yet_valid = Kortelė dar negalioja
reason-expired = Kortelė nebegalioja (pasibaigė galiojimas)
reason-revoked = Kortelė atšaukta
reason-suspended = Kortelės galiojimas sustabdytas
reason-key_set_stale = Nepavyko patvirtinti: raktų sąrašas pasenęs. Prisijunkite prie interneto, kad jį atnaujintumėte
reason-status_list_stale = Nepavyko patvirtinti: atšauktų kortelių sąrašas pasenęs. Prisijunkite prie interneto, kad jį atnaujintumėte
reason-status_unknown = Nepavyko patvirtinti: kortelės nėra atšauktų kortelių sąraše. Prisijunkite prie interneto, kad jį atnaujintumėte

role-parent = tėvas ar motina
role-child = vaikas
municipality-ALY = Alytaus miesto savivaldybė
municipality-VAR = Varėnos rajono savivaldybė
municipality-ELK = Elko miestas

label-card-number = Kortelės numeris
label-holder = Turėtojas
label-role = Vaidmuo
label-municipality = Savivaldybė
label-valid-from = Galioja nuo
label-valid-until = Galioja iki
label-key-set = Raktų sąrašas
label-status-list = Atšauktų kortelių sąrašas
label-untrusted = Toliau pateikti duomenys nepatvirtinti galiojančiu parašu
list-age = išduotas { $issued }, amžius { $age }
list-stale = pasenęs
list-not-checked = netikrintas
clock-behind = Dėmesio: šio įrenginio laikrodis rodo ankstesnį laiką nei sąrašų išdavimo laikas. Patikrinkite datą ir laiką.
unit-day = d.
unit-hour = val.
unit-minute = min.

app-name = Kartu
app-tagline = Alytaus, Varėnos ir Elko daugiavaikių šeimų kortelė
programme-name = Daugiavaikės šeimos kortelė
skip-to-content = Pereiti prie turinio
language = Kalba
back-home = Grįžti į pradžią
count-cards = { $category ->
    [one] { $count } kortelė
    [few] { $count } kortelės
   *[other] { $count } kortelių
}
count-members = { $category ->
    [one] { $count } narys
    [few] { $count } nariai
   *[other] { $count } narių
}
error-not-found-title = Nerasta
error-not-found = Čia nieko nėra arba jums neleidžiama to matyti.
error-unauthorized-title = Prisijunkite
error-unauthorized = Jūsų sesija baigėsi. Prisijunkite iš naujo.
error-forbidden-title = Neleidžiama
error-forbidden = Jums neleidžiama to daryti. Jei forma buvo atverta ilgai, atnaujinkite ją ir bandykite dar kartą.
error-too-many-title = Per daug bandymų
error-too-many = Per daug bandymų. Palaukite kelias minutes ir bandykite dar kartą.
error-too-large-title = Per daug duomenų
error-too-large = Forma išsiuntė per daug duomenų.
error-bad-request-title = Negalima atlikti
error-bad-request = Užklausos atlikti nepavyko. Patikrinkite, ką įvedėte, ir bandykite dar kartą.
error-control-title = Nematomi simboliai
error-control = Laukelyje yra nematomų valdymo simbolių (pvz., U+0000), kurių negalima išsaugoti. Grįžkite, pašalinkite juos ir siųskite dar kartą.
error-internal-title = Įvyko klaida
error-internal = Mūsų sistemoje įvyko klaida. Niekas nepakeista. Bandykite vėliau.

# Partners: the categories and the problems of a partner's fields, shared by the
# catalogue's application form and the console.
category-clothing = Drabužiai ir avalynė
category-culture = Kultūra
category-education = Švietimas
category-food = Maistas ir gėrimai
category-health = Sveikata
category-leisure = Laisvalaikis
category-other = Kita
category-services = Paslaugos
category-sport = Sportas
category-transport = Transportas
field-control_character = Pašalinkite nematomus valdymo simbolius.
field-email = Įveskite el. pašto adresą, pvz., info@example.lt.
field-legal_id_check_digit = Kontrolinis skaitmuo nesutampa: patikrinkite, ar nesuklydote rinkdami numerį.
field-legal_id_shape = Lietuvos juridinio asmens kodą sudaro 9 skaitmenys, Lenkijos NIP – 10 skaitmenų.
field-partner_exists = Ši įmonė jau yra programos partnerė.
field-phone = Naudokite tik skaitmenis, tarpus, ženklus + ir - bei skliaustus.
field-required = Užpildykite šį laukelį.
field-unknown_category = Pasirinkite kategoriją iš sąrašo.
field-website = Įveskite adresą, prasidedantį https://.
