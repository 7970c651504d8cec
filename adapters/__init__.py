"""Thin translators between platforms and the core, one package per platform."""
