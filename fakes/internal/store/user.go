package store

import "time"

// User is the 201 body's User, with every member the reference page's
// sample shows, absent values as null (as the service sends them).
type User struct {
	AccountID                string                   `json:"AccountId"`
	AlexaForBusinessMetadata AlexaForBusinessMetadata `json:"AlexaForBusinessMetadata"`
	Delegates                []string                 `json:"Delegates"`
	Devices                  []string                 `json:"Devices"`
	DisplayName              *string                  `json:"DisplayName"`
	EmailAlias               []string                 `json:"EmailAlias"`
	FullName                 *string                  `json:"FullName"`
	InvitedOn                *string                  `json:"InvitedOn"`
	IsProTrial               bool                     `json:"IsProTrial"`
	LastActiveOn             *string                  `json:"LastActiveOn"`
	LicenseType              string                   `json:"LicenseType"`
	PersonalPIN              *string                  `json:"PersonalPIN"`
	PresenceVisibility       *string                  `json:"PresenceVisibility"`
	PrimaryEmail             *string                  `json:"PrimaryEmail"`
	PrimaryProvisionedNumber *string                  `json:"PrimaryProvisionedNumber"`
	RegisteredOn             *string                  `json:"RegisteredOn"`
	UserID                   string                   `json:"UserId"`
	UserInvitationStatus     *string                  `json:"UserInvitationStatus"`
	UserLocale               *string                  `json:"UserLocale"`
	UserRegistrationStatus   string                   `json:"UserRegistrationStatus"`
	UserType                 string                   `json:"UserType"`
	Vanity                   *string                  `json:"Vanity"`
}

// AlexaForBusinessMetadata is the User's Alexa for Business settings.
type AlexaForBusinessMetadata struct {
	AlexaForBusinessRoomArn   *string `json:"AlexaForBusinessRoomArn"`
	IsAlexaForBusinessEnabled bool    `json:"IsAlexaForBusinessEnabled"`
}

// timestampLayout is RFC 3339 in UTC with milliseconds, as the sample shows
// ("2020-01-15T22:38:09.806Z") and aws-sdk-go-v2 parses.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// Input is the request body as the service reads it.
type Input struct {
	Email    *string
	Username *string
	UserType *string
}

// Facts are what a created user is made of: every other member of its
// User is a constant or null. The store keeps these, not the 22 members.
type Facts struct {
	id         UUID
	registered int64 // Unix milliseconds
	email      *string
	username   *string
	userType   string
}

// NewFacts are the facts of a user created from in now, with a new ID.
func NewFacts(in Input, now time.Time) Facts {
	f := Facts{id: newUUIDBytes(), registered: now.UnixMilli(), email: in.Email, username: in.Username, userType: "PrivateUser"}
	if in.UserType != nil {
		f.userType = *in.UserType
	}
	return f
}

// ID is the user's UserId.
func (f Facts) ID() string { return string(f.id.append(nil)) }

// user is the User these facts make in an account: the AccountId, Email
// and UserType sent (PrivateUser by default), the Username as DisplayName
// and FullName, registered now (in milliseconds, UTC), a license, and
// nulls for the rest.
func (f Facts) user(accountID string) User {
	registered := registeredOn(f.registered)
	return User{
		AccountID:              accountID,
		DisplayName:            f.username,
		EmailAlias:             []string{},
		FullName:               f.username,
		LicenseType:            "Pro",
		PrimaryEmail:           f.email,
		RegisteredOn:           &registered,
		UserID:                 string(f.id.append(nil)),
		UserRegistrationStatus: "Registered",
		UserType:               f.userType,
	}
}

func registeredOn(unixMilli int64) string {
	return time.UnixMilli(unixMilli).UTC().Format(timestampLayout)
}
