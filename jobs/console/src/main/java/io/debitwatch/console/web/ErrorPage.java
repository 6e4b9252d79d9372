package io.debitwatch.console.web;

import io.debitwatch.console.Principal;

/** A short page for 400, 403, 404 and 409 answers to browsers. */
final class ErrorPage {

    private ErrorPage() {}

    static String render(Principal who, String csrf, int status, String message) {
        String body =
                "<h1>"
                        + status
                        + "</h1><p id=\"error-message\">"
                        + Html.text(message)
                        + "</p><p><a href=\"/incidents\">Back to the incidents</a></p>";
        if (who == null) {
            return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                    + status
                    + " · debitwatch</title><link rel=\"stylesheet\" href=\"/static/console.css\">"
                    + "</head><body><main>"
                    + body
                    + "</main></body></html>";
        }
        return Layout.page(Integer.toString(status), who, csrf, body);
    }
}
