// Package projects holds projects (Vorhaben), their public change history and their versioned documents.
package projects

// Service is the projects service.
type Service struct{}
