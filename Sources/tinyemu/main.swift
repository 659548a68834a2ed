print("tinyemu")
