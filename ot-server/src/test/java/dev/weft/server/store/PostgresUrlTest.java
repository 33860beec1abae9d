package dev.weft.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The addresses {@code weft serve --store} takes, without a database. */
class PostgresUrlTest {
    @Test
    void parse_queryUser_keepsTheQueryForTheDriver() {
        PostgresUrl url = PostgresUrl.parse("postgresql://db.internal:5433/weft?user=weft&sslmode=require");
        assertEquals("jdbc:postgresql://db.internal:5433/weft?user=weft&sslmode=require", url.jdbcUrl());
        assertNull(url.user());
        assertEquals("postgresql://db.internal:5433/weft", url.toString());
    }

    @Test
    void parse_userInfo_becomesUserAndPassword_neverShown() {
        PostgresUrl url = PostgresUrl.parse("postgres://ada:p%40ss@127.0.0.1/notes");
        assertEquals("jdbc:postgresql://127.0.0.1/notes", url.jdbcUrl());
        assertEquals("ada", url.user());
        assertEquals("p@ss", url.password());
        assertFalse(url.toString().contains("p@ss"), url.toString());
        assertEquals("jdbc:postgresql://h:1/d", PostgresUrl.parse("jdbc:postgresql://h:1/d").jdbcUrl());
    }

    @Test
    void parse_notPostgres_namesOnlyTheScheme() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrl.parse("mysql://root:secret@127.0.0.1/weft"));
        assertTrue(e.getMessage().endsWith("was \"mysql://...\""), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertFalse(PostgresUrl.isPostgres("./weft-data"));
        assertTrue(PostgresUrl.isPostgres("postgresql://h/d"));
    }

    @Test
    void parse_noDatabase_saysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrl.parse("postgresql://127.0.0.1:5432/"));
        assertTrue(e.getMessage().contains("names no database"), e.getMessage());
    }
}
