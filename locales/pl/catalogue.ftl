# The public catalogue of partners, the map and the application to join.
catalogue-title = Gdzie skorzystać z karty
catalogue-nav = Program partnerski
catalogue-intro = Sklepy, usługodawcy i instytucje publiczne w Olicie, Oranach i Ełku, które udzielają zniżek posiadaczom karty dużej rodziny.
catalogue-search-label = Nazwa, adres lub miejscowość
catalogue-search-hint = Można pisać z polskimi i litewskimi znakami albo bez nich: „elk” znajdzie „Ełk”.
catalogue-filter-municipality = Miejsce
catalogue-filter-category = Kategoria
catalogue-filter-accepts = Honoruje karty z
catalogue-filter-any = Wszystkie
catalogue-filter-submit = Szukaj
catalogue-filter-clear = Wyczyść filtry
catalogue-count = { $category ->
    [one] { $count } partner
    [few] { $count } partnerzy
    [many] { $count } partnerów
   *[other] { $count } partnera
}
catalogue-none = Brak pasujących partnerów. Wpisz mniej liter lub wyczyść filtry.
catalogue-pages = Strony
catalogue-page = Strona { $page } z { $pages }
catalogue-previous = Poprzednia strona
catalogue-next = Następna strona
catalogue-map = Mapa
catalogue-map-hint = Każde miejsce z mapy jest też wymienione na tej stronie wraz z adresem.
catalogue-offline = Brak połączenia: to kopia strony zapisana na tym urządzeniu.
catalogue-example = Przykład
catalogue-locations = Miejsca
catalogue-offers = Oferty
catalogue-no-offers = Obecnie brak ofert.
catalogue-opening-hours = Godziny otwarcia
catalogue-head-office = Siedziba
catalogue-website = Strona internetowa
catalogue-phone = Telefon
catalogue-email = E-mail
catalogue-offer-for = Dla kogo
catalogue-accepts = Honorowane karty z
catalogue-valid = Ważna
catalogue-valid-from = od { $from }
catalogue-valid-until = do { $until }
catalogue-valid-between = { $from } – { $until }
catalogue-conditions = Warunki
catalogue-roles-both = rodziców i dzieci
catalogue-roles-parent = tylko rodziców
catalogue-roles-child = tylko dzieci
catalogue-fallback-lt = po litewsku
catalogue-fallback-pl = po polsku
catalogue-fallback-en = po angielsku
catalogue-back = Wszyscy partnerzy
catalogue-become-partner = Twoja firma chce udzielać zniżek? Zostań partnerem.
catalogue-open-data = Katalog jako otwarte dane:
index-partners-hint = dla rodzin: partnerzy i ich zniżki na mapie
index-apply-hint = dla firm: wniosek o przystąpienie do programu


apply-title = Zostań partnerem
apply-intro = Czy Twoja firma lub instytucja chce udzielać zniżek rodzinom wielodzietnym? Wyślij ten wniosek, a urzędnik gminy odpowie Ci e-mailem. Konto nie jest potrzebne.
apply-municipality = Gmina siedziby
apply-choose = Wybierz…
apply-name = Nazwa firmy lub instytucji
apply-legal-id = Kod przedsiębiorstwa lub NIP
apply-legal-id-hint = Litwa: kod przedsiębiorstwa, 9 cyfr. Polska: NIP, 10 cyfr.
apply-address = Adres miejsca, w którym karta byłaby honorowana
apply-website = Strona internetowa (opcjonalnie)
apply-phone = Telefon (opcjonalnie)
apply-email = Adres e-mail
apply-contact = Osoba do kontaktu
apply-message = Wiadomość, np. jaką zniżkę chcesz zaproponować (opcjonalnie)
apply-honeypot = Pozostaw to pole puste
apply-privacy = Przesłane dane służą wyłącznie do rozpatrzenia wniosku.
apply-submit = Wyślij wniosek
apply-problems = { $category ->
    [one] Wniosek zawiera { $count } błąd: zobacz komunikat przy polu.
    [few] Wniosek zawiera { $count } błędy: zobacz komunikaty przy polach.
    [many] Wniosek zawiera { $count } błędów: zobacz komunikaty przy polach.
   *[other] Wniosek zawiera { $count } błędu: zobacz komunikaty przy polach.
}
apply-expired = Formularz wygasł. Sprawdź pola i wyślij go ponownie.
apply-thanks-title = Dziękujemy za wniosek
apply-thanks = Urzędnik gminy zapozna się z nim i odpowie e-mailem.

