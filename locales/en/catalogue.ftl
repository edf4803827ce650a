# The public catalogue of partners, the map and the application to join.
catalogue-title = Where to use the card
catalogue-nav = The partner programme
catalogue-intro = Shops, services and public bodies in Alytus, Varėna and Ełk that give holders of the large-family card a discount.
catalogue-search-label = Name, address or town
catalogue-search-hint = Type with or without diacritics: “zuvis” finds “Žuvis”.
catalogue-filter-municipality = Location
catalogue-filter-category = Category
catalogue-filter-accepts = Accepts cards from
catalogue-filter-any = Any
catalogue-filter-submit = Search
catalogue-filter-clear = Clear the filters
catalogue-count = { $category ->
    [one] { $count } partner
   *[other] { $count } partners
}
catalogue-none = No partner matches. Type fewer letters or clear the filters.
catalogue-pages = Pages
catalogue-page = Page { $page } of { $pages }
catalogue-previous = Previous page
catalogue-next = Next page
catalogue-map = Map
catalogue-map-hint = Every place on the map is also listed on this page, with its address.
catalogue-offline = You are offline: this is the copy of the page saved on this device.
catalogue-example = Example
catalogue-locations = Places
catalogue-offers = Offers
catalogue-no-offers = No offers at the moment.
catalogue-opening-hours = Opening hours
catalogue-head-office = Head office
catalogue-website = Website
catalogue-phone = Phone
catalogue-email = E-mail
catalogue-offer-for = For
catalogue-accepts = Cards accepted from
catalogue-valid = Valid
catalogue-valid-from = from { $from }
catalogue-valid-until = until { $until }
catalogue-valid-between = { $from } – { $until }
catalogue-conditions = Conditions
catalogue-roles-both = parents and children
catalogue-roles-parent = parents only
catalogue-roles-child = children only
catalogue-fallback-lt = in Lithuanian
catalogue-fallback-pl = in Polish
catalogue-fallback-en = in English
catalogue-back = All partners
catalogue-become-partner = Does your business want to give a discount? Become a partner.
catalogue-open-data = The catalogue as open data:
index-partners-hint = for families: partners and their discounts, on a map
index-apply-hint = for businesses: apply to give a discount


apply-title = Become a partner
apply-intro = Would your business or institution like to give large families a discount? Send this application and a clerk of the municipality will answer you by e-mail. You need no account.
apply-municipality = Municipality of the head office
apply-choose = Choose…
apply-name = Name of the business or institution
apply-legal-id = Company code or NIP
apply-legal-id-hint = Lithuania: the company code, 9 digits. Poland: the NIP, 10 digits.
apply-address = Address of the place that would accept the card
apply-website = Website (optional)
apply-phone = Phone (optional)
apply-email = E-mail
apply-contact = Contact person
apply-message = Message, e.g. the discount you have in mind (optional)
apply-honeypot = Leave this field empty
apply-privacy = What you send is used only to answer your application.
apply-submit = Send the application
apply-problems = { $category ->
    [one] The application has one problem: see the message beside the field.
   *[other] The application has { $count } problems: see the messages beside the fields.
}
apply-expired = The form had expired. Check the fields and send it again.
apply-thanks-title = Thank you for your application
apply-thanks = A clerk of the municipality will read it and answer you by e-mail.

