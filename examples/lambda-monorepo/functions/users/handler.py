def handler(event, context):
    return {"function": "users", "ok": True}
