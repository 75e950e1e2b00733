def handler(event, context):
    return {"function": "notify", "ok": True}
