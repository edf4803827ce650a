# The public catalogue of partners, the map and the application to join.
catalogue-title = Kur galioja kortelė
catalogue-nav = Partnerių programa
catalogue-intro = Alytaus, Varėnos ir Elko parduotuvės, paslaugų teikėjai ir viešosios įstaigos, teikiančios nuolaidas gausios šeimos kortelės turėtojams.
catalogue-search-label = Pavadinimas, adresas arba miestas
catalogue-search-hint = Galite rašyti su lietuviškomis raidėmis arba be jų: „zuvis“ randa „Žuvis“.
catalogue-filter-municipality = Vieta
catalogue-filter-category = Kategorija
catalogue-filter-accepts = Priima korteles iš
catalogue-filter-any = Visos
catalogue-filter-submit = Ieškoti
catalogue-filter-clear = Išvalyti filtrus
catalogue-count = { $category ->
    [one] { $count } partneris
    [few] { $count } partneriai
   *[other] { $count } partnerių
}
catalogue-none = Tokių partnerių nėra. Įveskite mažiau raidžių arba išvalykite filtrus.
catalogue-pages = Puslapiai
catalogue-page = Puslapis { $page } iš { $pages }
catalogue-previous = Ankstesnis puslapis
catalogue-next = Kitas puslapis
catalogue-map = Žemėlapis
catalogue-map-hint = Visos žemėlapio vietos su adresais išvardytos ir šiame puslapyje.
catalogue-offline = Nėra ryšio: rodoma šiame įrenginyje išsaugota puslapio kopija.
catalogue-example = Pavyzdys
catalogue-locations = Vietos
catalogue-offers = Pasiūlymai
catalogue-no-offers = Šiuo metu pasiūlymų nėra.
catalogue-opening-hours = Darbo laikas
catalogue-head-office = Buveinė
catalogue-website = Interneto svetainė
catalogue-phone = Telefonas
catalogue-email = El. paštas
catalogue-offer-for = Kam
catalogue-accepts = Priimamos kortelės iš
catalogue-valid = Galioja
catalogue-valid-from = nuo { $from }
catalogue-valid-until = iki { $until }
catalogue-valid-between = { $from } – { $until }
catalogue-conditions = Sąlygos
catalogue-roles-both = tėvams ir vaikams
catalogue-roles-parent = tik tėvams
catalogue-roles-child = tik vaikams
catalogue-fallback-lt = lietuviškai
catalogue-fallback-pl = lenkiškai
catalogue-fallback-en = angliškai
catalogue-back = Visi partneriai
catalogue-become-partner = Jūsų įmonė norėtų teikti nuolaidą? Tapkite partneriu.
catalogue-open-data = Katalogas kaip atvirieji duomenys:
index-partners-hint = šeimoms: partneriai ir jų nuolaidos žemėlapyje
index-apply-hint = įmonėms: paraiška teikti nuolaidą


apply-title = Tapkite partneriu
apply-intro = Norėtumėte, kad jūsų įmonė ar įstaiga teiktų nuolaidą gausioms šeimoms? Atsiųskite šią paraišką, ir savivaldybės specialistas jums atsakys el. paštu. Paskyros nereikia.
apply-municipality = Buveinės savivaldybė
apply-choose = Pasirinkite…
apply-name = Įmonės ar įstaigos pavadinimas
apply-legal-id = Juridinio asmens kodas arba NIP
apply-legal-id-hint = Lietuvoje – juridinio asmens kodas (9 skaitmenys), Lenkijoje – NIP (10 skaitmenų).
apply-address = Vietos, kurioje būtų priimama kortelė, adresas
apply-website = Interneto svetainė (neprivaloma)
apply-phone = Telefonas (neprivaloma)
apply-email = El. paštas
apply-contact = Kontaktinis asmuo
apply-message = Žinutė, pvz., kokią nuolaidą norėtumėte teikti (neprivaloma)
apply-honeypot = Šio laukelio nepildykite
apply-privacy = Jūsų pateikti duomenys naudojami tik atsakyti į paraišką.
apply-submit = Siųsti paraišką
apply-problems = { $category ->
    [one] Paraiškoje yra { $count } klaida: žr. pranešimą prie laukelio.
    [few] Paraiškoje yra { $count } klaidos: žr. pranešimus prie laukelių.
   *[other] Paraiškoje yra { $count } klaidų: žr. pranešimus prie laukelių.
}
apply-expired = Formos galiojimas baigėsi. Patikrinkite laukelius ir išsiųskite ją dar kartą.
apply-thanks-title = Ačiū už paraišką
apply-thanks = Savivaldybės specialistas ją perskaitys ir atsakys jums el. paštu.

