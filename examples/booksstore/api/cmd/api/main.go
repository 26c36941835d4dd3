// Command api serves the BooksStore REST API.
package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"

	_ "github.com/lib/pq"

	"github.com/booksstore/api/internal/auth"
	"github.com/booksstore/api/internal/store"
)

func main() {
	// Threats BS-27, BS-28: plaintext connection to Postgres with a constant password.
	dsn := "host=postgres port=5432 user=books password=Bk$tore-2024 dbname=books sslmode=disable"
	if v := os.Getenv("DATABASE_URL"); v != "" {
		dsn = v
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		log.Fatalf("open db: %v", err)
	}
	defer db.Close()

	books := store.NewBookRepository(db)
	mux := http.NewServeMux()
	mux.HandleFunc("/api/login", auth.LoginHandler)
	mux.HandleFunc("/api/token/refresh", auth.RefreshHandler)
	mux.Handle("/api/books", auth.Middleware(http.HandlerFunc(books.ListHandler)))
	mux.Handle("/api/books/search", auth.Middleware(http.HandlerFunc(books.SearchHandler)))
	mux.Handle("/api/admin/books", auth.RequireVerified(http.HandlerFunc(books.DeleteHandler)))
	mux.Handle("/internal/books/import", auth.ServiceMiddleware(http.HandlerFunc(books.ImportHandler)))

	log.Println("listening on :8080")
	// Threat BS-25: no TLS between clients and the API.
	log.Fatal(http.ListenAndServe(":8080", mux))
}
