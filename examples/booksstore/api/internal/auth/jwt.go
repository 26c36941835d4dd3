// Package auth issues and checks the JWTs of BooksStore users.
package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Threat BS-18: the HMAC signing key is a constant in the source.
var jwtKey = []byte("bk-store-signing-key-2024")

type ctxKey struct{}

// Claims are the BooksStore token claims.
type Claims struct {
	Username string `json:"username"`
	Admin    bool   `json:"admin"`
	jwt.RegisteredClaims
}

type credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// LoginHandler checks the user's password and returns a signed token.
func LoginHandler(w http.ResponseWriter, r *http.Request) {
	var c credentials
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if !checkPassword(r.Context(), c.Username, c.Password) {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	// Threat BS-20: no ExpiresAt, so the token never expires.
	claims := &Claims{Username: c.Username, Admin: c.Username == "admin"}
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	signed, err := token.SignedString(jwtKey)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]string{"token": signed})
}

// Middleware trusts the claims of any well-formed token.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokenString := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		claims := &Claims{}
		// Threat BS-23: the signature is never verified.
		_, _, err := new(jwt.Parser).ParseUnverified(tokenString, claims)
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, claims)))
	})
}

// RefreshHandler swaps a token for a fresh short-lived one. Threat BS-21: its key
// function never checks which algorithm the token claims.
func RefreshHandler(w http.ResponseWriter, r *http.Request) {
	tokenString := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	claims := &Claims{}
	_, err := jwt.ParseWithClaims(tokenString, claims, func(t *jwt.Token) (interface{}, error) {
		return jwtKey, nil
	})
	if err != nil {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	fresh, err := IssueShortLived(claims.Username)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]string{"token": fresh})
}

// RequireVerified is the correct check: signature, algorithm and expiry verified.
func RequireVerified(next http.Handler) http.Handler {
	key := []byte(os.Getenv("JWT_SIGNING_KEY"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokenString := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		claims := &Claims{}
		_, err := jwt.ParseWithClaims(tokenString, claims, func(t *jwt.Token) (interface{}, error) {
			if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
				return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
			}
			return key, nil
		}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
		if err != nil || !claims.Admin {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// IssueShortLived signs a token that expires, with the key from the environment.
func IssueShortLived(username string) (string, error) {
	key := os.Getenv("JWT_SIGNING_KEY")
	if key == "" {
		return "", errors.New("JWT_SIGNING_KEY is not set")
	}
	claims := &Claims{
		Username: username,
		RegisteredClaims: jwt.RegisteredClaims{
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(15 * time.Minute)),
			Issuer:    "booksstore",
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(key))
}

func checkPassword(ctx context.Context, user, password string) bool {
	_ = ctx
	return user != "" && password != ""
}
