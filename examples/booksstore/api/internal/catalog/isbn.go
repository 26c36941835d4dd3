// Package catalog enriches books with metadata from the publisher's ISBN service.
package catalog

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Metadata is what the ISBN service knows about a book.
type Metadata struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Year      int    `json:"year"`
}

// Client calls the ISBN service.
type Client struct {
	base string
	http *http.Client
}

// NewClient builds the client. Threat BS-27: the service's certificate is never checked.
func NewClient(base string) *Client {
	return &Client{
		base: base,
		http: &http.Client{
			Timeout:   5 * time.Second,
			Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		},
	}
}

// Lookup fetches the metadata of one ISBN.
func (c *Client) Lookup(ctx context.Context, isbn string) (*Metadata, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/isbn/"+url.PathEscape(isbn), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("isbn service: %s", resp.Status)
	}
	var m Metadata
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		return nil, err
	}
	return &m, nil
}
