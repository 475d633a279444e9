import Crypto
import Foundation

/// SwiftFlux's JSON event (documented in docs/monitoring.md): the notification as is,
/// `Content-Type: application/json`, and with an HMAC key
/// `X-Signature: sha256=<hex HMAC-SHA256 of the body>` (the scheme of Flux v2's
/// `generic-hmac` provider and of fluxd's own `/hook/generic`).
enum GenericFormat {
    static func request(_ notification: FluxNotification, url: String, hmacKey: [UInt8]?) -> OutgoingRequest {
        let body = JSONBody.encode(notification)
        var headers = [("Content-Type", "application/json"), ("User-Agent", "fluxd")]
        if let hmacKey { headers.append(("X-Signature", signature(body, key: hmacKey))) }
        return OutgoingRequest(url: url, headers: headers, body: body)
    }

    static func signature(_ body: [UInt8], key: [UInt8]) -> String {
        "sha256="
            + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: key))
            .map { String(format: "%02x", $0) }.joined()
    }
}

/// Slack incoming webhooks: a `text` fallback and one attachment coloured by severity
/// (`good`, `danger`), with the details as fields.
enum SlackFormat {
    struct Message: Encodable {
        var text: String
        var attachments: [Attachment]
    }

    struct Attachment: Encodable {
        var color: String
        var title: String
        var text: String
        var fields: [Field]
        var footer: String
        var ts: Int
        var markdownIn: [String]

        /// Slack's field names.
        enum CodingKeys: String, CodingKey {
            case color, title, text, fields, footer, ts
            case markdownIn = "mrkdwn_in"
        }
    }

    struct Field: Encodable {
        var title: String
        var value: String
        var short: Bool
    }

    static func request(_ notification: FluxNotification, url: String) -> OutgoingRequest {
        let details = NotificationText.details(notification)
        let attachment = Attachment(
            color: notification.severity == .error ? "danger" : "good", title: NotificationText.title(notification),
            text: details.joined(separator: "\n"),
            fields: NotificationText.facts(notification).map { Field(title: $0.0, value: $0.1, short: $0.1.count < 40) },
            footer: "fluxd", ts: Int(notification.timestamp.timeIntervalSince1970), markdownIn: ["text"])
        let body = JSONBody.encode(Message(text: NotificationText.title(notification), attachments: [attachment]))
        return OutgoingRequest(url: url, headers: [("Content-Type", "application/json")], body: body)
    }
}

/// Microsoft Teams incoming webhooks (Workflows): a message with one Adaptive Card 1.4 — a
/// coloured title, the message and details, and a fact set.
enum TeamsFormat {
    static func request(_ notification: FluxNotification, url: String) -> OutgoingRequest {
        var body: [[String: AnyEncodable]] = [
            [
                "type": "TextBlock", "text": .string(NotificationText.title(notification)), "weight": "Bolder",
                "size": "Medium", "wrap": .bool(true), "color": .string(notification.severity == .error ? "Attention" : "Good"),
            ]
        ]
        let details = NotificationText.details(notification)
        if !details.isEmpty {
            body.append(["type": "TextBlock", "text": .string(details.joined(separator: "\n\n")), "wrap": .bool(true)])
        }
        let facts = NotificationText.facts(notification)
        if !facts.isEmpty {
            body.append([
                "type": "FactSet",
                "facts": .array(facts.map { .object(["title": .string($0.0), "value": .string($0.1)]) }),
            ])
        }
        let card: [String: AnyEncodable] = [
            "type": "message",
            "attachments": .array([
                .object([
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": .object([
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard",
                        "version": "1.4", "body": .array(body.map { .object($0) }),
                    ]),
                ])
            ]),
        ]
        return OutgoingRequest(url: url, headers: [("Content-Type", "application/json")], body: JSONBody.encode(card))
    }
}

/// A small JSON value for formats whose shape is easier to write than to model.
indirect enum AnyEncodable: Encodable, ExpressibleByStringLiteral {
    case string(String)
    case bool(Bool)
    case array([AnyEncodable])
    case object([String: AnyEncodable])

    init(stringLiteral value: String) { self = .string(value) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
