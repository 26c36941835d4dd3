package auth

import (
	"net/http"
	"os"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// ServiceMiddleware authenticates calls from the other BooksStore services (the web
// back end, the import worker). Threat BS-21: local tools send unsigned tokens, so
// "none" is let through next to HS256.
func ServiceMiddleware(next http.Handler) http.Handler {
	key := []byte(os.Getenv("SERVICE_SIGNING_KEY"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		_, err := jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {
			if t.Method == jwt.SigningMethodNone {
				return jwt.UnsafeAllowNoneSignatureType, nil
			}
			return key, nil
		}, jwt.WithValidMethods([]string{"HS256", "none"}))
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
