# Darbuotojo konsolė ir pradžios puslapis.
index-intro = Viena nuolaidų kortelė kiekvienam šeimos, auginančios tris ar daugiau vaikų, nariui. Galioja partnerių parduotuvėse Alytuje, Varėnoje ir Elke.
index-check = Tikrinti kortelę
index-check-hint = parduotuvėms: nuskaitykite arba įveskite kortelės kodą
index-console = Darbuotojo konsolė
index-console-hint = savivaldybės darbuotojams
console-nav = Konsolė
console-families = Šeimos
console-register = Registruoti šeimą
console-audit = Veiksmų žurnalas
console-accounts = Paskyros
console-logout = Atsijungti
console-welcome-other = Esate prisijungę. Naudokitės meniu viršuje.
account-role-clerk = darbuotojas
account-role-supervisor = vadovas
account-role-admin = administratorius
account-role-partner = partneris
login-title = Prisijungimas prie konsolės
login-username = Naudotojo vardas
login-password = Slaptažodis
login-submit = Prisijungti
login-failed = Neteisingas naudotojo vardas arba slaptažodis.
login-expired = Prisijungimo forma nebegalioja. Bandykite dar kartą.
login-locked = Per daug nesėkmingų bandymų. Palaukite kelias minutes ir bandykite dar kartą.
search-label = Rasti šeimą
search-hint = Kortelės numeris, nario vardas ar bylos numeris
search-submit = Ieškoti
search-found = { $category ->
    [one] Rasta { $count } šeima
    [few] Rastos { $count } šeimos
   *[other] Rasta { $count } šeimų
}
search-found-more = Rasta daugiau nei { $count } šeimų: rodomos naujausios. Patikslinkite paiešką.
family-number = Šeima
family-reference = Bylos numeris
family-registered = Užregistruota
family-title = Šeima
family-eligibility = Teisė į kortelę
family-qualifies = Atitinka sąlygas
family-qualifies-until = iki { $date }
family-does-not-qualify = Neatitinka sąlygų
qualifying-children = { $category ->
    [one] { $count } sąlygas atitinkantis vaikas
    [few] { $count } sąlygas atitinkantys vaikai
   *[other] { $count } sąlygas atitinkančių vaikų
}
card-until = kortelė iki { $date }
issue-cards = Išduoti korteles
issued-count = { $category ->
    [one] Išduota { $count } kortelė
    [few] Išduotos { $count } kortelės
   *[other] Išduota { $count } kortelių
}
register-title = Šeimos registravimas
register-problems = { $category ->
    [one] Reikia pataisyti { $count } laukelį. Jis pažymėtas žemiau.
    [few] Reikia pataisyti { $count } laukelius. Jie pažymėti žemiau.
   *[other] Reikia pataisyti { $count } laukelių. Jie pažymėti žemiau.
}
register-reenter-ids = Dėl privatumo asmens kodai neberodomi: įveskite juos dar kartą.
register-municipality = Savivaldybė
register-reference-hint = Jūsų bylos numeris, kad šeimą rastumėte vėliau (neprivaloma)
register-rows-hint = Kiekvienam šeimos nariui užpildykite po vieną bloką; nenaudojamus palikite tuščius.
register-member = { $number }-as narys
register-submit = Registruoti šeimą
register-more-rows = Daugiau narių
member-name = Vardas ir pavardė
member-role = Vaidmuo
member-birth-date = Gimimo data
member-national-id = Asmens kodas (arba PESEL)
member-education-until = Mokosi iki (neprivaloma)
member-disability-until = Neįgalumo pažyma galioja iki (neprivaloma)
field-impossible_date = Tokios dienos nėra.
field-date_format = Įveskite datą formatu MMMM-MM-DD.
field-unknown_municipality = Nežinoma savivaldybė.
field-invalid_name = Įveskite vardą nuo 1 iki 64 raidžių.
field-unknown_role = Pasirinkite: tėvas ar motina, ar vaikas.
field-not_11_digits = Asmens kodą sudaro lygiai 11 skaitmenų.
field-wrong_check_digit = Neteisingas kontrolinis skaitmuo: patikrinkite, ar nesuklydote rinkdami.
field-wrong_first_digit = Pirmasis skaitmuo neatitinka amžiaus ir lyties.
field-impossible_birth_date = Šiame kode nurodytos gimimo datos nėra.
field-birth_date_mismatch = Šis kodas priklauso kitai gimimo datai.
field-member_count = Šeimą sudaro nuo 1 iki 40 narių: užpildykite bent vieną.
field-too_long = Per ilgas tekstas.
field-outside_scope = Šeimas galite registruoti tik savo savivaldybėje.
field-invalid = Netinkama reikšmė.
field-invalid_reason = Nurodykite priežastį (nuo 1 iki 500 ženklų).
field-secret_too_short = Šio kodo dabar patikrinti negalima.
field-randomness_unavailable = Šio kodo dabar patikrinti negalima.
conflict-already_holds_card = Vienas iš šių asmenų jau turi kortelę.
conflict-conflict = Šis asmuo jau užregistruotas.
conflict-invalid_transition = Kortelės būsena to neleidžia.
conflict-expired = Kortelė nebegalioja: išduokite naują.
conflict-not_eligible = Turėtojas nebeatitinka sąlygų.
conflict-changed_meanwhile = Kažkas kitas ką tik pakeitė šią kortelę. Atnaujinkite puslapį ir bandykite dar kartą.
conflict-card_number = Šiam asmeniui nebeliko kortelių numerių.
conflict-family_numbers_exhausted = Šioje savivaldybėje nebeliko šeimų numerių.
conflict-status_list_full = Atšauktų kortelių sąrašas pilnas.
conflict-no_signing_key = Nėra pasirašymo rakto: kreipkitės į administratorių.
eligibility-child_under_18 = vaikas iki 18 metų
eligibility-child_in_education = besimokantis vaikas
eligibility-child_school_leaver = baigęs mokyklą, iki mokslo metų pabaigos
eligibility-child_disability_certificate = vaikas su neįgalumo pažyma
eligibility-child_family_not_qualifying = šeima neatitinka sąlygų
eligibility-child_too_old = per vyresnis, kad būtų laikomas vaiku
eligibility-child_education_ended = mokslai baigti
eligibility-child_education_past_age_limit = viršyta besimokančiųjų amžiaus riba
eligibility-disability_certificate_expired = neįgalumo pažyma nebegalioja
eligibility-not_born_yet = gimimo data ateityje
eligibility-parent_of_qualifying_family = sąlygas atitinkančios šeimos tėvas ar motina
eligibility-parent_family_not_qualifying = šeima neatitinka sąlygų
eligibility-family_no_children = šeimoje nėra sąlygas atitinkančių vaikų
eligibility-family_too_few_children = mažiau nei trys sąlygas atitinkantys vaikai
card-title = Kortelė
card-status = Būsena
card-status-active = galioja
card-status-suspended = sustabdyta
card-status-revoked = atšaukta
card-status-expired = nebegalioja
card-qr-alt = Kortelės QR kodas
card-print = Spausdinti kortelę
card-back-to-family = Grįžti į šeimą
card-acts = Keisti kortelę
card-reason = Priežastis
card-act-renew = Pratęsti
card-act-reissue = Išduoti iš naujo (pamesta ar sugadinta)
card-act-suspend = Sustabdyti
card-act-revoke = Atšaukti
card-act-reinstate = Atnaujinti galiojimą
card-done-renew = Kortelė pratęsta.
card-done-reissue = Išduota nauja kortelė; senoji atšaukta.
card-done-suspend = Kortelė sustabdyta.
card-done-revoke = Kortelė atšaukta.
card-done-reinstate = Kortelė vėl galioja.
card-history = Istorija
history-when = Kada
history-what = Kas atlikta
history-who = Kas atliko
event-issue = išduota
event-renew = pratęsta
event-reissue = išduota iš naujo
event-revoke = atšaukta
event-suspend = sustabdyta
event-reinstate = atnaujinta
event-resign = pasirašyta iš naujo
print-hint = Spausdinkite šį puslapį 100 % masteliu kortelių spausdintuvu arba ant A4 lapo ir iškirpkite pagal kraštą.
print-back = Grįžti į kortelę
export-json = Atsisiųsti duomenis (JSON)
export-printable = Spausdinama kopija
export-title = Duomenys apie šeimą
export-back = Atgal į šeimą
export-intro = Viskas, ką kortelių paslauga saugo apie šią šeimą nurodytu laiku: jos nariai, jų kortelės ir kortelių istorija, šeimos puslapio nuorodos ir audito įrašai apie šeimą (teisė susipažinti su duomenimis, BDAR 15 straipsnis).
export-made = Parengta
export-erased = Ištrinta
export-national-id = Asmens kodų paslauga nesaugo. Kiekvieno asmens kodas saugomas tik kaip raktu apskaičiuota maišos reikšmė, kuri neeksportuojama: ji naudojama tik tam, kad tas pats asmuo nebūtų užregistruotas du kartus.
export-added = Įtrauktas
export-removed = Pašalintas
export-valid = Galioja
export-qr-text = Kortelės QR kodas tekstu
export-link-made = Sukurta
export-link-ended = Baigta
export-link-in-use = naudojama
export-audit-intro = Kiekvienas veiksmas su šeima, jos nariais ir kortelėmis: kas jį atliko ir kokia buvo būsena prieš ir po jo, kaip užrašyta.
export-before = Prieš
export-after = Po
family-erased = Šios šeimos asmens duomenys ištrinti { $date } pagal saugojimo taisyklę. Šeimos ir kortelių numeriai bei audito įrašai išlieka.
conflict-family_erased = Šios šeimos duomenys ištrinti: nieko pridėti negalima.
audit-family = Šeima
audit-card = Kortelė
audit-actor = Paskyros ar rakto identifikatorius
audit-from = Nuo
audit-until = Iki
audit-filter = Rodyti
audit-csv = Atsisiųsti CSV
audit-subject = Įrašas
audit-pages = Puslapiai
audit-newer = Naujesni
actor-command-line = komandinė eilutė
audit-older = Senesni
audit-count = { $category ->
    [one] { $count } įrašas
    [few] { $count } įrašai
   *[other] { $count } įrašų
}
accounts-role = Vaidmuo
accounts-enabled = aktyvi
accounts-disabled = išjungta
accounts-enable = Įjungti
accounts-disable = Išjungti
accounts-new = Nauja paskyra
accounts-create = Sukurti paskyrą
accounts-password-hint = Bent 12 ženklų. Palikite tuščią, kad būtų sugeneruotas.
accounts-password-once = Sugeneruotas slaptažodis rodomas tik dabar: perduokite jį asmeniškai.
tokens-title = API raktai
tokens-label = Pavadinimas
tokens-expires = Galioja iki
tokens-made-by = Sukūrė
tokens-revoked = atšauktas
tokens-revoke = Atšaukti
tokens-new = Naujas API raktas
tokens-days = Galiojimas (dienomis, 1–730)
tokens-create = Sukurti raktą
tokens-token-once = Naujas raktas rodomas tik dabar: įrašykite jį į kasos nustatymus.
field-out_of_range = Skaičius už leistinų ribų.
field-too_short = Slaptažodį sudaro bent 12 ženklų.
field-conflict_own_account = Savo paskyros išjungti negalima.
field-conflict_conflict = Toks vardas jau užimtas.

## Registro importas
import-column-line = eilutė
import-column-reference = nuoroda
import-column-field = laukas
import-column-problem = problema
import-column-message = paaiškinimas
import-line = { $line } eilutė:
import-already-present-list = Jau įregistruotos, paliktos kaip yra:
import-summary = Eilučių: { $rows }, šeimų: { $families }. Įregistruota: { $registered }, jau buvo: { $present }, atmesta: { $refused }. Išduota kortelių: { $cards }. Įregistruotų šeimų be kortelės: { $without }.
import-summary-dry-run = Bandomasis paleidimas, niekas nepakeista. Eilučių: { $rows }, šeimų: { $families }. Būtų įregistruota: { $registered }, jau buvo: { $present }, atmesta: { $refused }. Būtų išduota kortelių: { $cards }.
import-report-written = Ataskaita įrašyta į { $path }.
import-family_refused = Atmesta kartu su šeima dėl kitos eilutės.
import-duplicate_in_file = Tas pats asmuo yra ir kitoje failo eilutėje.
import-already_registered = Šis asmuo jau įregistruotas šeimoje.
import-refused_by_database = Duomenų bazė atmetė šią šeimą; bandykite ją importuoti atskirai.
import-already_present = Ši nuoroda jau įregistruota; šeima palikta kaip yra.
import-not_eligible = Dabar nė vienas narys neatitinka sąlygų.
console-import = Importas
import-title = Registro importas
import-intro = Įkelkite šeimų registrą į { $municipality } iš CSV failo: viena eilutė vienam nariui, antraštės eilutė, o vienos šeimos eilutės turi tą pačią nuorodą. Šeima su klaidinga eilute atmetama visa, kitos įkeliamos. Jau įregistruota nuoroda paliekama kaip yra, todėl tą patį failą galima įkelti dar kartą.
import-columns = Stulpeliai bet kokia tvarka, atskirti , arba ;:
import-file = Failas
import-encoding = Teksto koduotė
import-encoding-auto = Nustatyti automatiškai
import-issue = Taip pat išduoti korteles kiekvienai sąlygas atitinkančiai šeimai
import-dry-run = Tik patikrinti (bandomasis)
import-real = Importuoti
import-recent = Paskutiniai importai
import-none = Importų dar nebuvo.
import-started = Pradėta
import-status = Būsena
import-status-running = Vykdoma…
import-status-done = Baigta
import-status-failed = Nepavyko
import-families = Šeimų faile
import-registered = Įregistruota
import-present = Jau įregistruota
import-refused = Atmesta
import-cards = Išduota kortelių
import-download = Atsisiųsti ataskaitą (CSV)
import-more = Dar { $count } eil. yra CSV faile.
import-again = Pasirinkite failą dar kartą, kad jį importuotumėte
import-dry-run-note = Bandomasis paleidimas: niekas nepakeista.
import-choose-file = Pasirinkite CSV failą.
import-failed = Importas sustojo dėl gedimo; iki jo įrašytos šeimos išsaugotos. Paleiskite dar kartą: jau įregistruotos šeimos bus paliktos kaip yra.
import-file_empty = Failas tuščias.
import-file_encoding = Failas nėra pasirinktos koduotės tekstas ({ $detail }).
import-file_missing_column = Antraštės eilutėje trūksta stulpelio: { $detail }.
import-file_duplicate_column = Antraštės eilutėje stulpelis nurodytas du kartus: { $detail }.
import-file_too_many_rows = Faile per daug eilučių: padalykite jį.
import-file_malformed = Failo nepavyksta perskaityti kaip CSV: { $detail }.
# Kas artėja (/console/due ir jo CSV).
console-due = Kas artėja
due-title = Kas artėja
due-intro = Besibaigiančios kortelės, 18 metų sulaukiantys vaikai, besibaigiantys pažymėjimai, mokyklą baigiantys ir sąlygų nebeatitinkančios šeimos savivaldybėje { $municipality }, pagal datą.
due-days = Dienų į priekį
due-show = Rodyti
due-csv = Atsisiųsti CSV laiškams
due-none = Per šias dienas nieko neartėja.
due-found = { $category ->
    [one] { $count } įrašas
    [few] { $count } įrašai
   *[other] { $count } įrašų
}
due-kind-card_ends = Baigiasi kortelės galiojimas
due-kind-turns_18 = Sukanka 18 metų
due-kind-education_ends = Baigiasi mokymosi pažymėjimas
due-kind-disability_ends = Baigiasi neįgalumo pažymėjimas
due-kind-school_leaver = Baigęs mokyklą: nebeskaičiuojamas nuo rugsėjo 1 d.
due-kind-family_stops_qualifying = Šeima nebeatitinka sąlygų
due-csv-date = Data
due-csv-reason = Priežastis
due-csv-family = Šeima
due-csv-reference = Bylos numeris
due-csv-member-number = Nario numeris
due-csv-member-name = Vardas, pavardė
due-csv-card = Kortelės numeris
due-csv-link = Šeimos puslapis
# Perspausdintinos kortelės (po pakartotinio pasirašymo)
console-reprint = Perspausdinti
reprint-title = Kortelės, kurias reikia perspausdinti
reprint-intro = Šios kortelės buvo atspausdintos ant popieriaus, o vėliau pasirašytos iš naujo (atnaujintos arba perkeltos prie naujo rakto). Atspausdinta kopija nebegalioja: atspausdinkite kiekvieną kortelę iš naujo jos puslapyje ir įteikite šeimai. Atspausdinta kortelė iš šio sąrašo dingsta.
reprint-count = { $category ->
    [one] { $count } kortelę reikia perspausdinti
    [few] { $count } korteles reikia perspausdinti
   *[other] { $count } kortelių reikia perspausdinti
}
reprint-number = Kortelės numeris
reprint-since = Nebegalioja nuo
