package io.debitwatch.console.web;

import io.debitwatch.console.Principal;
import io.debitwatch.console.auth.Csrf;

/**
 * The frame of every page: head (stylesheet, script, CSRF token), navigation, who is logged in and
 * the logout form. No inline scripts or styles (the CSP allows only {@code 'self'}).
 */
final class Layout {

    /** The form field that carries the CSRF token in plain HTML forms. */
    static final String CSRF_FIELD = Csrf.FIELD;

    private Layout() {}

    static String page(String title, Principal who, String csrf, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"csrf-token\" content=\""
                + Html.text(csrf)
                + "\"><title>"
                + Html.text(title)
                + " · debitwatch</title>"
                + "<link rel=\"stylesheet\" href=\"/static/console.css\">"
                + "<script src=\"/static/console.js\" defer></script></head><body>"
                + header(who, csrf)
                + "<main>"
                + body
                + "</main></body></html>";
    }

    private static String header(Principal who, String csrf) {
        return "<header><nav><a class=\"brand\" href=\"/incidents\">debitwatch</a>"
                + "<a href=\"/incidents\">Incidents</a>"
                + "<a href=\"/breakdowns\">Breakdowns</a></nav>"
                + "<div class=\"who\"><span id=\"who\">"
                + Html.text(who.name())
                + " ("
                + Html.text(who.role().name().toLowerCase(java.util.Locale.ROOT))
                + (who.scope().all()
                        ? ""
                        : ", " + Html.text(String.join(", ", who.scope().merchantIds())))
                + ")</span>"
                + "<form method=\"post\" action=\"/logout\" class=\"inline\">"
                + csrfField(csrf)
                + "<button id=\"logout\" type=\"submit\">Log out</button></form></div></header>";
    }

    static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\""
                + CSRF_FIELD
                + "\" value=\""
                + Html.text(csrf)
                + "\">";
    }
}
