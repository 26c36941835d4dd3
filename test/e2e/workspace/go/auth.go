package auth

import (
	"github.com/golang-jwt/jwt/v5"
)

// ClaimsOf returns the claims of a token without checking its signature.
func ClaimsOf(tokenString string) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	_, _, err := new(jwt.Parser).ParseUnverified(tokenString, claims)
	return claims, err
}
