"""Vision Desk: keep an international agreement's commitments under review."""

__version__ = "0.1.0"
APP_NAME = "VisionDesk"
APP_ID = "org.visiondesk.VisionDesk"
