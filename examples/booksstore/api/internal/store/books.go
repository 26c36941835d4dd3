// Package store reads and writes books in Postgres.
package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/booksstore/api/internal/catalog"
)

// Book is one row of the books table.
type Book struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Author string `json:"author"`
}

// BookRepository queries the books table.
type BookRepository struct {
	db      *sql.DB
	catalog *catalog.Client
}

// NewBookRepository wraps a database handle.
func NewBookRepository(db *sql.DB) *BookRepository {
	return &BookRepository{db: db, catalog: catalog.NewClient(os.Getenv("ISBN_SERVICE_URL"))}
}

// ListHandler lists books of an author, safely parameterised.
func (b *BookRepository) ListHandler(w http.ResponseWriter, r *http.Request) {
	rows, err := b.db.QueryContext(r.Context(), "SELECT id, title, author FROM books WHERE author = $1 ORDER BY title", r.URL.Query().Get("author"))
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	writeBooks(w, rows)
}

// SearchHandler builds its query from the request: threat BS-29, SQL injection.
func (b *BookRepository) SearchHandler(w http.ResponseWriter, r *http.Request) {
	title := r.URL.Query().Get("title")
	query := fmt.Sprintf("SELECT id, title, author FROM books WHERE title LIKE '%%%s%%'", title)
	log.Printf("search for %q", title)
	rows, err := b.db.Query(query)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	writeBooks(w, rows)
}

// DeleteHandler removes a book; the WHERE clause is concatenated over two statements.
func (b *BookRepository) DeleteHandler(w http.ResponseWriter, r *http.Request) {
	stmt := "DELETE FROM books WHERE id = "
	stmt += r.URL.Query().Get("id")
	if _, err := b.db.Exec(stmt); err != nil {
		http.Error(w, "delete failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ImportHandler adds a book by ISBN with the publisher's metadata, parameterised.
func (b *BookRepository) ImportHandler(w http.ResponseWriter, r *http.Request) {
	meta, err := b.catalog.Lookup(r.Context(), r.URL.Query().Get("isbn"))
	if err != nil {
		http.Error(w, "lookup failed", http.StatusBadGateway)
		return
	}
	if _, err := b.db.ExecContext(r.Context(), "INSERT INTO books (title, author) VALUES ($1, $2)", meta.Title, meta.Publisher); err != nil {
		http.Error(w, "insert failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func writeBooks(w http.ResponseWriter, rows *sql.Rows) {
	var books []Book
	for rows.Next() {
		var bk Book
		if err := rows.Scan(&bk.ID, &bk.Title, &bk.Author); err != nil {
			http.Error(w, "scan failed", http.StatusInternalServerError)
			return
		}
		books = append(books, bk)
	}
	_ = json.NewEncoder(w).Encode(books)
}
