# Prekybininko tikrinimo puslapis (/check).
check-title = Patikrinti kortelę
check-intro = Nuskenuokite kortelės QR kodą arba įrašykite ar įklijuokite jos kodą. Tikrinama šiame įrenginyje: apie kortelę niekur nieko nesiunčiama.
check-code-label = Kortelės kodas
check-code-hint = Nuskenuokite brūkšninių kodų skaitytuvu arba įklijuokite, tada paspauskite Enter.
check-submit = Tikrinti
check-empty = Pirmiausia nuskenuokite arba įrašykite kortelės kodą.
check-no-script = Kortelėms tikrinti šiam puslapiui reikia JavaScript.
check-camera = Skenuoti kamera
check-camera-stop = Išjungti kamerą
check-camera-hint = Laikykite QR kodą priešais kamerą.
check-camera-failed = Kameros įjungti nepavyko. Įrašykite arba įklijuokite kodą.
check-photo = Nufotografuoti QR kodą
check-photo-hint = Nuotrauka siunčiama į serverį, kuris perskaito kodą ir jį patikrina.
check-photo-reading = Skaitoma nuotrauka…
check-photo-no-code = Nuotraukoje QR kodo nerasta. Bandykite dar kartą iš arčiau, esant daugiau šviesos.
check-photo-unreadable = Nuotraukos perskaityti nepavyko. Bandykite dar kartą.
check-photo-too-large = Nuotrauka per didelė. Bandykite su mažesne nuotrauka.
check-photo-failed = Nuotraukos išsiųsti nepavyko. Patikrinkite ryšį arba įrašykite kodą.
check-photo-checked = Patikrino serveris pagal nuotrauką.
check-result-title = Rezultatas
check-holder-ascii = Lotyniškomis raidėmis: { $name }
check-lists-title = Raktų ir atšauktų kortelių sąrašai
check-lists-loading = Įkeliami sąrašai…
check-lists-online = Sąrašai įkelti iš serverio.
check-lists-offline = Neprisijungta: naudojami šiame įrenginyje išsaugoti sąrašai.
check-lists-refused = Serverio sąrašai neatitiko parašo ir nebuvo panaudoti.
check-lists-none = Šiame įrenginyje sąrašų dar nėra. Prisijunkite prie interneto, kad juos įkeltumėte.
check-no-lists-verdict = Be sąrašų kortelių patikrinti negalima. Prisijunkite prie interneto ir atnaujinkite sąrašus.
check-refresh = Atnaujinti sąrašus
check-list-issued = išduotas { $date }
check-age-minutes = { $category ->
    [one] { $count } minutės senumo
    [few] { $count } minučių senumo
   *[other] { $count } minučių senumo
}
check-age-hours = { $category ->
    [one] { $count } valandos senumo
    [few] { $count } valandų senumo
   *[other] { $count } valandų senumo
}
check-age-days = { $category ->
    [one] { $count } dienos senumo
    [few] { $count } dienų senumo
   *[other] { $count } dienų senumo
}
check-clock-off = { $category ->
    [one] Dėmesio: šio įrenginio laikrodis nuo serverio laiko skiriasi { $count } minute. Patikrinkite datą ir laiką.
    [few] Dėmesio: šio įrenginio laikrodis nuo serverio laiko skiriasi { $count } minutėmis. Patikrinkite datą ir laiką.
   *[other] Dėmesio: šio įrenginio laikrodis nuo serverio laiko skiriasi { $count } minučių. Patikrinkite datą ir laiką.
}
check-partner-as = Tikrinama kaip { $partner }
check-partner-location = vieta: { $address }
check-partner-offline = Pasiūlymai, kokie buvo { $date }
check-partner-forget = Nebetikrinti šio partnerio vardu
check-offer-applies = Taikoma šio partnerio nuolaida:
check-offer-none = Kortelė galioja. Šis partneris dabar neturi pasiūlymo programoje.
check-offer-dates = Kortelė galioja, bet šiandien negalioja nė vienas šio partnerio pasiūlymas.
check-offer-municipality = Kortelė galioja, bet šio partnerio pasiūlymai skirti tik šių savivaldybių kortelėms: { $municipalities }.
check-offer-role = Kortelė galioja, bet šio partnerio pasiūlymai skirti tik: { $roles }.
check-offer-role-parent = tėvams
check-offer-role-child = vaikams
check-offer-lang = (parašyta kalba: { $lang })
lang-lt = Lietuvių
lang-pl = Polski
lang-en = English
check-use-confirm = Nuolaida suteikta
check-use-counted = Užskaityta. Ačiū.
check-use-queued = Užskaityta šiame įrenginyje; bus išsiųsta, kai atsiras ryšys.
check-use-waiting = { $category ->
    [one] { $count } panaudojimas laukia išsiuntimo.
    [few] { $count } panaudojimai laukia išsiuntimo.
   *[other] { $count } panaudojimų laukia išsiuntimo.
}
check-partner-place = Ši kasa yra
