# Strona sprawdzania kart dla sprzedawców (/check).
check-title = Sprawdź kartę
check-intro = Zeskanuj kod QR karty albo wpisz lub wklej jej kod. Sprawdzanie odbywa się na tym urządzeniu: nic o karcie nie jest nigdzie wysyłane.
check-code-label = Kod karty
check-code-hint = Zeskanuj go czytnikiem kodów kreskowych lub wklej, a potem naciśnij Enter.
check-submit = Sprawdź
check-empty = Najpierw zeskanuj lub wpisz kod karty.
check-no-script = Do sprawdzania kart ta strona potrzebuje JavaScriptu.
check-camera = Skanuj aparatem
check-camera-stop = Wyłącz aparat
check-camera-hint = Przytrzymaj kod QR przed aparatem.
check-camera-failed = Nie udało się włączyć aparatu. Wpisz lub wklej kod.
check-photo = Zrób zdjęcie kodu QR
check-photo-hint = Zdjęcie trafia na serwer, który odczytuje kod i go sprawdza.
check-photo-reading = Odczytywanie zdjęcia…
check-photo-no-code = Na zdjęciu nie znaleziono kodu QR. Spróbuj ponownie z bliższej odległości, przy lepszym świetle.
check-photo-unreadable = Nie udało się odczytać zdjęcia. Spróbuj ponownie.
check-photo-too-large = Zdjęcie jest za duże. Spróbuj z mniejszym zdjęciem.
check-photo-failed = Nie udało się wysłać zdjęcia. Sprawdź połączenie albo wpisz kod.
check-photo-checked = Sprawdzone przez serwer na podstawie zdjęcia.
check-result-title = Wynik
check-holder-ascii = Bez znaków diakrytycznych: { $name }
check-lists-title = Listy kluczy i unieważnień
check-lists-loading = Wczytywanie list…
check-lists-online = Listy zostały pobrane z serwera.
check-lists-offline = Brak połączenia: używane są listy zapisane na tym urządzeniu.
check-lists-refused = Listy z serwera nie przeszły weryfikacji podpisu i nie zostały użyte.
check-lists-none = Na tym urządzeniu nie ma jeszcze list. Połącz się z internetem, aby je wczytać.
check-no-lists-verdict = Bez list nie można sprawdzać kart. Połącz się z internetem i odśwież listy.
check-refresh = Odśwież listy
check-list-issued = wydana { $date }
check-age-minutes = { $category ->
    [one] sprzed { $count } minuty
    [few] sprzed { $count } minut
    [many] sprzed { $count } minut
   *[other] sprzed { $count } minuty
}
check-age-hours = { $category ->
    [one] sprzed { $count } godziny
    [few] sprzed { $count } godzin
    [many] sprzed { $count } godzin
   *[other] sprzed { $count } godziny
}
check-age-days = { $category ->
    [one] sprzed { $count } dnia
    [few] sprzed { $count } dni
    [many] sprzed { $count } dni
   *[other] sprzed { $count } dnia
}
check-clock-off = { $category ->
    [one] Uwaga: zegar tego urządzenia różni się od zegara serwera o { $count } minutę. Sprawdź datę i godzinę.
    [few] Uwaga: zegar tego urządzenia różni się od zegara serwera o { $count } minuty. Sprawdź datę i godzinę.
    [many] Uwaga: zegar tego urządzenia różni się od zegara serwera o { $count } minut. Sprawdź datę i godzinę.
   *[other] Uwaga: zegar tego urządzenia różni się od zegara serwera o { $count } minuty. Sprawdź datę i godzinę.
}
check-partner-as = Sprawdzanie jako { $partner }
check-partner-location = w lokalizacji: { $address }
check-partner-offline = Oferty według stanu z { $date }
check-partner-forget = Przestań sprawdzać jako ten partner
check-offer-applies = Obowiązuje zniżka tego partnera:
check-offer-none = Karta ważna. Ten partner nie ma teraz oferty w programie.
check-offer-dates = Karta ważna, ale żadna oferta tego partnera nie obowiązuje dzisiaj.
check-offer-municipality = Karta ważna, ale oferty tego partnera obejmują tylko karty: { $municipalities }.
check-offer-role = Karta ważna, ale oferty tego partnera są tylko dla: { $roles }.
check-offer-role-parent = rodzice
check-offer-role-child = dzieci
check-offer-lang = (tekst w języku: { $lang })
lang-lt = Lietuvių
lang-pl = Polski
lang-en = English
check-use-confirm = Zniżka udzielona
check-use-counted = Zapisano. Dziękujemy.
check-use-queued = Zapisano na tym urządzeniu; zostanie wysłane po przywróceniu połączenia.
check-use-waiting = { $category ->
    [one] { $count } użycie czeka na wysłanie.
    [few] { $count } użycia czekają na wysłanie.
    [many] { $count } użyć czeka na wysłanie.
   *[other] { $count } użycia czeka na wysłanie.
}
check-partner-place = Ta kasa jest w lokalizacji
