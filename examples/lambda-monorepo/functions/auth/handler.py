def handler(event, context):
    return {"function": "auth", "ok": True}
