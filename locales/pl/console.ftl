# Konsola urzędnika i strona startowa.
index-intro = Jedna karta zniżkowa dla każdego członka rodziny z trojgiem lub więcej dzieci, ważna w sklepach partnerskich w Olicie, Oranach i Ełku.
index-check = Sprawdź kartę
index-check-hint = dla sklepów: zeskanuj lub wpisz kod z karty
index-console = Konsola urzędnika
index-console-hint = dla pracowników urzędu
console-nav = Konsola
console-families = Rodziny
console-register = Zarejestruj rodzinę
console-audit = Dziennik zdarzeń
console-accounts = Konta
console-logout = Wyloguj
console-welcome-other = Jesteś zalogowany. Skorzystaj z menu powyżej.
account-role-clerk = urzędnik
account-role-supervisor = kierownik
account-role-admin = administrator
account-role-partner = partner
login-title = Logowanie do konsoli
login-username = Nazwa użytkownika
login-password = Hasło
login-submit = Zaloguj
login-failed = Nieprawidłowa nazwa użytkownika lub hasło.
login-expired = Formularz logowania wygasł. Spróbuj ponownie.
login-locked = Zbyt wiele nieudanych prób. Odczekaj kilka minut i spróbuj ponownie.
search-label = Znajdź rodzinę
search-hint = Numer karty, imię i nazwisko członka rodziny lub sygnatura sprawy
search-submit = Szukaj
search-found = { $category ->
    [one] Znaleziono { $count } rodzinę
    [few] Znaleziono { $count } rodziny
    [many] Znaleziono { $count } rodzin
   *[other] Znaleziono { $count } rodziny
}
search-found-more = Znaleziono ponad { $count } rodzin: widać najnowsze. Zawęź wyszukiwanie.
family-number = Rodzina
family-reference = Sygnatura sprawy
family-registered = Zarejestrowano
family-title = Rodzina
family-eligibility = Uprawnienie
family-qualifies = Spełnia warunki
family-qualifies-until = do { $date }
family-does-not-qualify = Nie spełnia warunków
qualifying-children = { $category ->
    [one] { $count } uprawnione dziecko
    [few] { $count } uprawnionych dzieci
    [many] { $count } uprawnionych dzieci
   *[other] { $count } uprawnionego dziecka
}
card-until = karta do { $date }
issue-cards = Wydaj karty
issued-count = { $category ->
    [one] Wydano { $count } kartę
    [few] Wydano { $count } karty
    [many] Wydano { $count } kart
   *[other] Wydano { $count } karty
}
register-title = Rejestracja rodziny
register-problems = { $category ->
    [one] { $count } pole wymaga poprawienia. Jest zaznaczone poniżej.
    [few] { $count } pola wymagają poprawienia. Są zaznaczone poniżej.
    [many] { $count } pól wymaga poprawienia. Są zaznaczone poniżej.
   *[other] { $count } pola wymaga poprawienia. Są zaznaczone poniżej.
}
register-reenter-ids = Ze względu na prywatność numery PESEL nie są wyświetlane ponownie: wpisz je jeszcze raz.
register-municipality = Gmina
register-reference-hint = Numer sprawy, aby później odnaleźć rodzinę (nieobowiązkowe)
register-rows-hint = Wypełnij jeden blok dla każdego członka rodziny; niewykorzystane bloki zostaw puste.
register-member = Członek rodziny nr { $number }
register-submit = Zarejestruj rodzinę
register-more-rows = Więcej członków
member-name = Imię i nazwisko
member-role = Rola
member-birth-date = Data urodzenia
member-national-id = Numer PESEL (lub asmens kodas)
member-education-until = Uczy się do (nieobowiązkowe)
member-disability-until = Orzeczenie o niepełnosprawności do (nieobowiązkowe)
field-impossible_date = Taki dzień nie istnieje.
field-date_format = Wpisz datę w formacie RRRR-MM-DD.
field-unknown_municipality = Nieznana gmina.
field-invalid_name = Wpisz imię i nazwisko o długości od 1 do 64 liter.
field-unknown_role = Wybierz: rodzic lub dziecko.
field-not_11_digits = Numer PESEL ma dokładnie 11 cyfr.
field-wrong_check_digit = Cyfra kontrolna się nie zgadza: sprawdź, czy nie ma literówki.
field-wrong_first_digit = Pierwsza cyfra nie odpowiada stuleciu i płci.
field-impossible_birth_date = Data urodzenia zapisana w tym numerze nie istnieje.
field-birth_date_mismatch = Ten numer należy do innej daty urodzenia.
field-member_count = Rodzina ma od 1 do 40 członków: wypełnij co najmniej jeden blok.
field-too_long = Zbyt długi tekst.
field-outside_scope = Możesz rejestrować rodziny tylko we własnej gminie.
field-invalid = Nieprawidłowa wartość.
field-invalid_reason = Podaj powód (od 1 do 500 znaków).
field-secret_too_short = Tego numeru nie można teraz sprawdzić.
field-randomness_unavailable = Tego numeru nie można teraz sprawdzić.
conflict-already_holds_card = Jedna z tych osób ma już kartę.
conflict-conflict = Ta osoba jest już zarejestrowana.
conflict-invalid_transition = Stan karty na to nie pozwala.
conflict-expired = Karta straciła ważność: wydaj nową.
conflict-not_eligible = Posiadacz nie spełnia już warunków.
conflict-changed_meanwhile = Ktoś inny właśnie zmienił tę kartę. Odśwież stronę i spróbuj ponownie.
conflict-card_number = Dla tej osoby nie ma już wolnych numerów kart.
conflict-family_numbers_exhausted = W tej gminie nie ma już wolnych numerów rodzin.
conflict-status_list_full = Lista unieważnień jest pełna.
conflict-no_signing_key = Brak klucza do podpisu: zwróć się do administratora.
eligibility-child_under_18 = dziecko poniżej 18 lat
eligibility-child_in_education = dziecko uczące się
eligibility-child_school_leaver = absolwent, do końca roku szkolnego
eligibility-child_disability_certificate = dziecko z orzeczeniem o niepełnosprawności
eligibility-child_family_not_qualifying = rodzina nie spełnia warunków
eligibility-child_too_old = przekroczony wiek, do którego liczy się jako dziecko
eligibility-child_education_ended = nauka zakończona
eligibility-child_education_past_age_limit = przekroczony limit wieku dla uczących się
eligibility-disability_certificate_expired = orzeczenie o niepełnosprawności wygasło
eligibility-not_born_yet = data urodzenia jest w przyszłości
eligibility-parent_of_qualifying_family = rodzic w rodzinie spełniającej warunki
eligibility-parent_family_not_qualifying = rodzina nie spełnia warunków
eligibility-family_no_children = w rodzinie nie ma uprawnionych dzieci
eligibility-family_too_few_children = mniej niż troje uprawnionych dzieci
card-title = Karta
card-status = Stan
card-status-active = ważna
card-status-suspended = zawieszona
card-status-revoked = unieważniona
card-status-expired = wygasła
card-qr-alt = Kod QR karty
card-print = Drukuj kartę
card-back-to-family = Wróć do rodziny
card-acts = Zmień kartę
card-reason = Powód
card-act-renew = Przedłuż
card-act-reissue = Wydaj ponownie (zgubiona lub zniszczona)
card-act-suspend = Zawieś
card-act-revoke = Unieważnij
card-act-reinstate = Przywróć
card-done-renew = Karta została przedłużona.
card-done-reissue = Wydano nową kartę; poprzednia została unieważniona.
card-done-suspend = Karta jest zawieszona.
card-done-revoke = Karta jest unieważniona.
card-done-reinstate = Karta znów jest ważna.
card-history = Historia
history-when = Kiedy
history-what = Co
history-who = Kto
event-issue = wydano
event-renew = przedłużono
event-reissue = wydano ponownie
event-revoke = unieważniono
event-suspend = zawieszono
event-reinstate = przywrócono
event-resign = podpisano ponownie
print-hint = Wydrukuj tę stronę w skali 100 % na drukarce kart lub na kartce A4 i wytnij wzdłuż krawędzi.
print-back = Wróć do karty
export-json = Pobierz dane (JSON)
export-printable = Kopia do druku
export-title = Dane przechowywane o rodzinie
export-back = Powrót do rodziny
export-intro = Wszystko, co usługa kart przechowuje o tej rodzinie w chwili podanej niżej: jej członkowie, ich karty i historia kart, linki do strony rodziny oraz wpisy dziennika zdarzeń dotyczące rodziny (prawo dostępu, art. 15 RODO).
export-made = Przygotowano
export-erased = Usunięto
export-national-id = Usługa nie przechowuje numerów PESEL ani asmens kodas. Numer każdej osoby jest przechowywany jako skrót z kluczem, którego nie można wyeksportować: służy wyłącznie do wykrycia osoby zarejestrowanej dwa razy.
export-added = Dodano
export-removed = Usunięto z rodziny
export-valid = Ważna
export-qr-text = Kod QR karty jako tekst
export-link-made = Utworzono
export-link-ended = Zakończono
export-link-in-use = w użyciu
export-audit-intro = Każda czynność dotycząca rodziny, jej członków i kart: kto ją wykonał oraz stan przed nią i po niej, tak jak zapisano.
export-before = Przed
export-after = Po
family-erased = Dane osobowe tej rodziny usunięto { $date } zgodnie z zasadą przechowywania. Numery rodziny i kart oraz dziennik zdarzeń pozostają.
conflict-family_erased = Dane tej rodziny usunięto: nie można nic do niej dodać.
audit-family = Rodzina
audit-card = Karta
audit-actor = Identyfikator konta lub tokenu
audit-from = Od
audit-until = Do
audit-filter = Pokaż
audit-csv = Pobierz jako CSV
audit-subject = Rekord
audit-pages = Strony
audit-newer = Nowsze
actor-command-line = wiersz poleceń
audit-older = Starsze
audit-count = { $category ->
    [one] { $count } wpis
    [few] { $count } wpisy
    [many] { $count } wpisów
   *[other] { $count } wpisu
}
accounts-role = Rola
accounts-enabled = aktywne
accounts-disabled = wyłączone
accounts-enable = Włącz
accounts-disable = Wyłącz
accounts-new = Nowe konto
accounts-create = Utwórz konto
accounts-password-hint = Co najmniej 12 znaków. Zostaw puste, aby wygenerować.
accounts-password-once = Wygenerowane hasło, widoczne tylko teraz: przekaż je osobiście.
tokens-title = Tokeny API
tokens-label = Opis
tokens-expires = Wygasa
tokens-made-by = Utworzył
tokens-revoked = unieważniony
tokens-revoke = Unieważnij
tokens-new = Nowy token API
tokens-days = Ważny przez (dni, 1–730)
tokens-create = Utwórz token
tokens-token-once = Nowy token, widoczny tylko teraz: wpisz go w ustawieniach kasy.
field-out_of_range = Liczba spoza dozwolonego zakresu.
field-too_short = Hasło ma co najmniej 12 znaków.
field-conflict_own_account = Nie możesz wyłączyć własnego konta.
field-conflict_conflict = Ta nazwa jest już zajęta.

## Wczytanie rejestru
import-column-line = wiersz
import-column-reference = sygnatura
import-column-field = pole
import-column-problem = problem
import-column-message = wyjaśnienie
import-line = Wiersz { $line }:
import-already-present-list = Już zarejestrowane, pozostawione bez zmian:
import-summary = Wierszy: { $rows }, rodzin: { $families }. Zarejestrowano: { $registered }, już były: { $present }, odrzucono: { $refused }. Wydano kart: { $cards }. Zarejestrowanych rodzin bez karty: { $without }.
import-summary-dry-run = Próba, nic nie zmieniono. Wierszy: { $rows }, rodzin: { $families }. Zostałoby zarejestrowanych: { $registered }, już były: { $present }, odrzucono: { $refused }. Zostałoby wydanych kart: { $cards }.
import-report-written = Raport zapisano w { $path }.
import-family_refused = Odrzucono wraz z rodziną z powodu innego wiersza.
import-duplicate_in_file = Ta sama osoba jest także w innym wierszu pliku.
import-already_registered = Ta osoba jest już zarejestrowana w rodzinie.
import-refused_by_database = Baza danych odrzuciła tę rodzinę; spróbuj zaimportować ją osobno.
import-already_present = Ta sygnatura jest już zarejestrowana; rodzinę pozostawiono bez zmian.
import-not_eligible = Obecnie żaden członek nie spełnia warunków.
console-import = Wczytaj rejestr
import-title = Wczytanie rejestru
import-intro = Wczytaj rejestr rodzin do { $municipality } z pliku CSV: jeden wiersz na członka, wiersz nagłówka, a wiersze jednej rodziny mają tę samą sygnaturę. Rodzina z błędnym wierszem jest odrzucana w całości, pozostałe są wczytywane. Sygnatura już zarejestrowana zostaje bez zmian, więc ten sam plik można bezpiecznie wczytać ponownie.
import-columns = Kolumny w dowolnej kolejności, oddzielone , lub ;:
import-file = Plik
import-encoding = Kodowanie tekstu
import-encoding-auto = Wykryj
import-issue = Wydaj także karty każdej rodzinie spełniającej warunki
import-dry-run = Tylko sprawdź (próba)
import-real = Importuj
import-recent = Ostatnie importy
import-none = Nie było jeszcze importów.
import-started = Rozpoczęto
import-status = Stan
import-status-running = W toku…
import-status-done = Zakończono
import-status-failed = Nie powiodło się
import-families = Rodzin w pliku
import-registered = Zarejestrowano
import-present = Już zarejestrowane
import-refused = Odrzucono
import-cards = Wydano kart
import-download = Pobierz raport (CSV)
import-more = Kolejne wiersze ({ $count }) są w pliku CSV.
import-again = Wybierz plik ponownie, aby go zaimportować
import-dry-run-note = Próba: nic nie zmieniono.
import-choose-file = Wybierz plik CSV.
import-failed = Wczytywanie zatrzymało się z powodu awarii; rodziny zapisane wcześniej pozostają. Uruchom go ponownie: już zarejestrowane rodziny zostaną bez zmian.
import-file_empty = Plik jest pusty.
import-file_encoding = Plik nie jest tekstem w wybranym kodowaniu ({ $detail }).
import-file_missing_column = W wierszu nagłówka brakuje kolumny: { $detail }.
import-file_duplicate_column = Wiersz nagłówka podaje kolumnę dwa razy: { $detail }.
import-file_too_many_rows = Plik ma zbyt wiele wierszy: podziel go.
import-file_malformed = Pliku nie da się odczytać jako CSV: { $detail }.
# Co się zbliża (/console/due i jego CSV).
console-due = Co się zbliża
due-title = Co się zbliża
due-intro = Karty, które wygasają, dzieci kończące 18 lat, kończące się zaświadczenia, absolwenci szkół i rodziny, które przestają spełniać warunki – { $municipality }, według daty.
due-days = Liczba dni naprzód
due-show = Pokaż
due-csv = Pobierz CSV do korespondencji
due-none = W tych dniach nic się nie zbliża.
due-found = { $category ->
    [one] { $count } wpis
    [few] { $count } wpisy
    [many] { $count } wpisów
   *[other] { $count } wpisu
}
due-kind-card_ends = Karta wygasa
due-kind-turns_18 = Kończy 18 lat
due-kind-education_ends = Kończy się zaświadczenie o nauce
due-kind-disability_ends = Kończy się orzeczenie o niepełnosprawności
due-kind-school_leaver = Absolwent: nie jest liczony od 1 września
due-kind-family_stops_qualifying = Rodzina przestaje spełniać warunki
due-csv-date = Data
due-csv-reason = Powód
due-csv-family = Rodzina
due-csv-reference = Sygnatura sprawy
due-csv-member-number = Numer członka
due-csv-member-name = Imię i nazwisko
due-csv-card = Numer karty
due-csv-link = Strona rodziny
# Karty do ponownego wydruku (po ponownym podpisaniu)
console-reprint = Do wydruku
reprint-title = Karty do ponownego wydruku
reprint-intro = Te karty zostały wydrukowane na papierze, a potem podpisane ponownie (odnowione lub przeniesione na nowy klucz). Wydrukowana kopia jest już nieważna: wydrukuj każdą kartę ponownie z jej strony i przekaż rodzinie. Wydruk karty usuwa ją z tej listy.
reprint-count = { $category ->
    [one] { $count } karta do ponownego wydruku
    [few] { $count } karty do ponownego wydruku
    [many] { $count } kart do ponownego wydruku
   *[other] { $count } karty do ponownego wydruku
}
reprint-number = Numer karty
reprint-since = Nieaktualna od
