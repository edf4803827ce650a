# Język polski.
programme = Karta Dużej Rodziny
outcome-valid = WAŻNA
outcome-invalid = NIEWAŻNA
outcome-cannot_confirm = NIE MOŻNA POTWIERDZIĆ

reason-valid = Karta ważna
reason-not_a_card = To nie jest karta dużej rodziny
reason-unsupported_version = Nieobsługiwana wersja formatu karty: zaktualizuj aplikację do sprawdzania
reason-malformed = Uszkodzony lub niepełny kod karty
reason-unknown_key = Podpisana nieznanym kluczem: karta nie jest wiarygodna
reason-key_not_allowed = Podpisana kluczem, który nie może wydać tej karty
reason-bad_signature = Karta podrobiona lub zmieniona
reason-not_yet_valid = Karta jeszcze nie jest ważna
reason-expired = Karta wygasła
reason-revoked = Karta unieważniona
reason-suspended = Karta zawieszona
reason-key_set_stale = Nie można potwierdzić: lista kluczy jest nieaktualna. Połącz się z internetem, aby ją zaktualizować
reason-status_list_stale = Nie można potwierdzić: lista unieważnień jest nieaktualna. Połącz się z internetem, aby ją zaktualizować
reason-status_unknown = Nie można potwierdzić: karty nie ma na liście unieważnień. Połącz się z internetem, aby ją zaktualizować

role-parent = rodzic
role-child = dziecko
municipality-ALY = Miasto Olita
municipality-VAR = Rejon orański
municipality-ELK = Miasto Ełk

label-card-number = Numer karty
label-holder = Posiadacz
label-role = Rola
label-municipality = Gmina
label-valid-from = Ważna od
label-valid-until = Ważna do
label-key-set = Lista kluczy
label-status-list = Lista unieważnień
label-untrusted = Poniższe dane nie są potwierdzone ważnym podpisem
list-age = wydana { $issued }, wiek { $age }
list-stale = nieaktualna
list-not-checked = niesprawdzona
clock-behind = Uwaga: zegar tego urządzenia wskazuje czas wcześniejszy niż wydanie list. Sprawdź datę i godzinę.
unit-day = d.
unit-hour = godz.
unit-minute = min

app-name = Kartu
app-tagline = Karta dużej rodziny Olity, Oran i Ełku
programme-name = Karta Dużej Rodziny
skip-to-content = Przejdź do treści
language = Język
back-home = Wróć na początek
count-cards = { $category ->
    [one] { $count } karta
    [few] { $count } karty
    [many] { $count } kart
   *[other] { $count } karty
}
count-members = { $category ->
    [one] { $count } członek
    [few] { $count } członkowie
    [many] { $count } członków
   *[other] { $count } członka
}
error-not-found-title = Nie znaleziono
error-not-found = Nic tu nie ma albo nie możesz tego zobaczyć.
error-unauthorized-title = Zaloguj się
error-unauthorized = Twoja sesja wygasła. Zaloguj się ponownie.
error-forbidden-title = Niedozwolone
error-forbidden = Nie możesz tego zrobić. Jeśli formularz był długo otwarty, odśwież go i spróbuj ponownie.
error-too-many-title = Zbyt wiele prób
error-too-many = Zbyt wiele prób. Odczekaj kilka minut i spróbuj ponownie.
error-too-large-title = Zbyt dużo danych
error-too-large = Formularz wysłał zbyt dużo danych.
error-bad-request-title = Nie można tego zrobić
error-bad-request = Nie udało się wykonać żądania. Sprawdź wprowadzone dane i spróbuj ponownie.
error-control-title = Niewidoczne znaki
error-control = Pole zawiera niewidoczne znaki sterujące (np. U+0000), których nie można zapisać. Wróć, usuń je i wyślij ponownie.
error-internal-title = Coś poszło nie tak
error-internal = Wystąpił błąd po naszej stronie. Nic nie zostało zmienione. Spróbuj później.

# Partners: the categories and the problems of a partner's fields, shared by the
# catalogue's application form and the console.
category-clothing = Odzież i obuwie
category-culture = Kultura
category-education = Edukacja
category-food = Jedzenie i napoje
category-health = Zdrowie
category-leisure = Wypoczynek
category-other = Inne
category-services = Usługi
category-sport = Sport
category-transport = Transport
field-control_character = Usuń niewidoczne znaki sterujące.
field-email = Wpisz adres e-mail, np. info@example.pl.
field-legal_id_check_digit = Cyfra kontrolna się nie zgadza: sprawdź, czy w numerze nie ma literówki.
field-legal_id_shape = Litewski kod przedsiębiorstwa ma 9 cyfr, polski NIP – 10 cyfr.
field-partner_exists = Ta firma jest już partnerem programu.
field-phone = Używaj tylko cyfr, spacji, znaków + i - oraz nawiasów.
field-required = Wypełnij to pole.
field-unknown_category = Wybierz kategorię z listy.
field-website = Wpisz adres zaczynający się od https://.
