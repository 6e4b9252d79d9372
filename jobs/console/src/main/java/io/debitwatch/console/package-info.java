/** The operator console: incidents in PostgreSQL, materialised from the job's output topics. */
package io.debitwatch.console;
