package fakes

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

// createInput is the request body as the service reads it.
type createInput struct {
	Email    *string
	Username *string
	UserType *string
}

func newUser(accountID string, in createInput, now time.Time) User {
	registered := now.UTC().Format(timestampLayout)
	userType := "PrivateUser"
	if in.UserType != nil {
		userType = *in.UserType
	}
	return User{
		AccountID:              accountID,
		DisplayName:            in.Username,
		EmailAlias:             []string{},
		FullName:               in.Username,
		LicenseType:            "Pro",
		PrimaryEmail:           in.Email,
		RegisteredOn:           &registered,
		UserID:                 newUUID(),
		UserRegistrationStatus: "Registered",
		UserType:               userType,
	}
}
