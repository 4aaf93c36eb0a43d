package store

import (
	"time"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// AppendCreated appends the 201 body {"User":{...}} of the facts' user in
// the account, by hand: byte for byte what encoding/json makes of
// struct{ User User }{f.user(accountID)} (a property test holds it to
// that), without reflection or the 22-member struct.
func AppendCreated(dst []byte, accountID string, f Facts) []byte {
	dst = append(dst, `{"User":`...)
	dst = AppendUser(dst, accountID, f)
	return append(dst, '}')
}

// AppendUser appends the facts' user in the account as encoding/json
// writes f.user(accountID).
func AppendUser(dst []byte, accountID string, f Facts) []byte {
	dst = append(dst, `{"AccountId":`...)
	dst = restjson.AppendString(dst, accountID)
	dst = append(dst, `,"AlexaForBusinessMetadata":{"AlexaForBusinessRoomArn":null,"IsAlexaForBusinessEnabled":false},"Delegates":null,"Devices":null,"DisplayName":`...)
	dst = restjson.AppendNullable(dst, f.username)
	dst = append(dst, `,"EmailAlias":[],"FullName":`...)
	dst = restjson.AppendNullable(dst, f.username)
	dst = append(dst, `,"InvitedOn":null,"IsProTrial":false,"LastActiveOn":null,"LicenseType":"Pro","PersonalPIN":null,"PresenceVisibility":null,"PrimaryEmail":`...)
	dst = restjson.AppendNullable(dst, f.email)
	dst = append(dst, `,"PrimaryProvisionedNumber":null,"RegisteredOn":"`...)
	dst = time.UnixMilli(f.registered).UTC().AppendFormat(dst, timestampLayout)
	dst = append(dst, `","UserId":"`...)
	dst = f.id.append(dst)
	dst = append(dst, `","UserInvitationStatus":null,"UserLocale":null,"UserRegistrationStatus":"Registered","UserType":`...)
	dst = restjson.AppendString(dst, f.userType)
	return append(dst, `,"Vanity":null}`...)
}
