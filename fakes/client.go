package fakes

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/chime"
)

// AWSConfig is an aws-sdk-go-v2 config for the fake: its region and the
// first credential that is not forbidden (withDefaults ensures one).
func (s *Server) AWSConfig() aws.Config {
	c := s.opts.Credentials[slices.IndexFunc(s.opts.Credentials, func(c Credential) bool { return !c.Forbidden })]
	return aws.Config{
		Region:      s.opts.Region,
		Credentials: credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken),
	}
}

// Client returns an aws-sdk-go-v2 Chime client pointed at the fake, signing
// with matching credentials. optFns adjust it (retries, HTTP client...).
func (s *Server) Client(optFns ...func(*chime.Options)) *chime.Client {
	opts := append([]func(*chime.Options){func(o *chime.Options) { o.BaseEndpoint = aws.String(s.URL()) }}, optFns...)
	return chime.NewFromConfig(s.AWSConfig(), opts...)
}
