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
