/**
 * The console's security layer ({@link io.debitwatch.console.auth.AccountSecurity}): accounts,
 * sessions, CSRF tokens, API tokens, login rate limiting and security headers, in PostgreSQL.
 */
package io.debitwatch.console.auth;
