# The console's pages for partners, offers, applications, till links and usage statistics.
