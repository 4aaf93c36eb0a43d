package fakes

import (
	"github.com/chime-conformance/createuser/fakes/internal/statefile"
	"github.com/chime-conformance/createuser/fakes/internal/store"
)

// User is the 201 body's User, with every member the reference page's
// sample shows, absent values as null (as the service sends them).
type User = store.User

// AlexaForBusinessMetadata is the User's Alexa for Business settings.
type AlexaForBusinessMetadata = store.AlexaForBusinessMetadata

// StateFormat names the fake's state files; a file without it is foreign.
const StateFormat = statefile.Format

// DefaultStateInterval is how often a changed state is saved.
const DefaultStateInterval = statefile.DefaultInterval

// createInput is the request body as the service reads it (readMembers).
type createInput = store.Input
