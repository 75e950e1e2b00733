def handler(event, context):
    return {"function": "checkout", "ok": True}
