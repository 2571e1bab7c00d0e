"""Adapters of the SMS gateway port (domain/notifications.SmsGateway): an HTTP gateway
configured by settings (off unless SMS_GATEWAY_URL is set) and the delivery log used by the
embedded stack and the tests."""
