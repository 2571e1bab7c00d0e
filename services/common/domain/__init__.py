"""Pure-Python building blocks every service's domain may use: no Flask, pymongo, Kafka or jwt."""
