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
