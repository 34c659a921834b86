from gui.app import run

if __name__ == "__main__":  # not when a child process re-imports the main module
    run()
