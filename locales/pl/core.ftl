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
