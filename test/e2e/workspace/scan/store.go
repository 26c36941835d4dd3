package store

import "database/sql"

// ByTitle looks a book up by its title.
func ByTitle(db *sql.DB, title string) (*sql.Rows, error) {
	return db.Query("SELECT id, title FROM books WHERE title = '" + title + "'")
}
