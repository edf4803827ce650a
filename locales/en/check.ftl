# The merchant checker (/check). Keys must exist in lt and pl too (a test checks).
check-title = Check a card
check-intro = Scan the QR code on the card, or type or paste its code. The check runs on this device: nothing about the card is sent anywhere.
check-code-label = Card code
check-code-hint = Scan it with a barcode scanner, or paste it, then press Enter.
check-submit = Check
check-empty = Scan or type a card code first.
check-no-script = This page needs JavaScript to check cards.
check-camera = Scan with the camera
check-camera-stop = Stop the camera
check-camera-hint = Hold the QR code in front of the camera.
check-camera-failed = The camera could not be started. Type or paste the code instead.
check-photo = Take a photo of the QR code
check-photo-hint = A photo is sent to the server, which reads the code and checks it.
check-photo-reading = Reading the photo…
check-photo-no-code = No QR code was found in the photo. Try again closer, with more light.
check-photo-unreadable = The photo could not be read. Try again.
check-photo-too-large = The photo is too large. Try again with a smaller picture.
check-photo-failed = The photo could not be sent. Check the connection, or type the code.
check-photo-checked = Checked by the server from the photo.
check-result-title = Result
check-holder-ascii = In Latin letters: { $name }
check-lists-title = Key and revocation lists
check-lists-loading = Loading the lists…
check-lists-online = The lists were loaded from the server.
check-lists-offline = Offline: using the lists saved on this device.
check-lists-refused = The lists from the server failed the signature check and were not used.
check-lists-none = There are no lists on this device yet. Connect to the internet to load them.
check-no-lists-verdict = Cards cannot be checked without the lists. Connect to the internet and refresh the lists.
check-refresh = Refresh the lists
check-list-issued = issued { $date }
check-age-minutes = { $category ->
    [one] { $count } minute old
   *[other] { $count } minutes old
}
check-age-hours = { $category ->
    [one] { $count } hour old
   *[other] { $count } hours old
}
check-age-days = { $category ->
    [one] { $count } day old
   *[other] { $count } days old
}
check-clock-off = { $category ->
    [one] Warning: this device's clock differs from the server's by { $count } minute. Check the date and time.
   *[other] Warning: this device's clock differs from the server's by { $count } minutes. Check the date and time.
}
check-partner-as = Checking as { $partner }
check-partner-location = at { $address }
check-partner-offline = Offers as of { $date }
check-partner-forget = Stop checking as this partner
check-offer-applies = A discount of this partner applies:
check-offer-none = Valid card. This partner has no offer in the programme now.
check-offer-dates = Valid card, but none of this partner's offers is on today.
check-offer-municipality = Valid card, but this partner's offers are for cards of { $municipalities } only.
check-offer-role = Valid card, but this partner's offers are for { $roles } only.
check-offer-role-parent = parents
check-offer-role-child = children
check-offer-lang = (written in { $lang })
lang-lt = Lietuvių
lang-pl = Polski
lang-en = English
check-use-confirm = Discount given
check-use-counted = Counted. Thank you.
check-use-queued = Counted on this device; it is sent when the connection returns.
check-use-waiting = { $category ->
    [one] { $count } use waits to be sent.
   *[other] { $count } uses wait to be sent.
}
check-partner-place = This till is at
